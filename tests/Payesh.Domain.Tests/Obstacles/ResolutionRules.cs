using Payesh.Domain.Obstacles;

namespace Payesh.Domain.Tests.Obstacles;

/// <summary>Resolutions: an objection period, then binding; follow-ups until done.</summary>
public class ResolutionRules
{
    private const long Bank = 7;
    private const int Issued = 2000;
    private static readonly Actor Staff = Actor.Staff;
    private static readonly Actor Agency = Actor.OfAgency(Bank);

    private static ResolutionFile New(int deadline = Issued + 30, int objectionDays = 15) =>
        ResolutionFile.Issue(Bank, Issued, deadline, objectionDays, Staff);

    private static ResolutionEvent E(ResolutionStep step, Actor by, int day, string? note = "شرح") => new(step, day, by, note);

    [Fact]
    public void Pending_within_the_objection_period_then_binding()
    {
        var file = New();

        Assert.Equal(ResolutionState.Pending, file.StateOn(Issued));
        Assert.Equal(ResolutionState.Pending, file.StateOn(Issued + 15));
        Assert.Equal(ResolutionState.Binding, file.StateOn(Issued + 16));
        Assert.Equal(Issued + 15, file.ObjectionUntil);
    }

    [Fact]
    public void The_agency_may_object_within_the_period_only()
    {
        var file = New();

        Assert.Null(file.Check(E(ResolutionStep.Object, Agency, Issued + 15)));
        var late = file.Check(E(ResolutionStep.Object, Agency, Issued + 16));
        Assert.NotNull(late);
        Assert.False(late.Forbidden);
        Assert.Contains("۱۵", late.Message);
    }

    [Fact]
    public void The_objection_period_is_configurable()
    {
        var file = New(objectionDays: 3);

        Assert.Null(file.Check(E(ResolutionStep.Object, Agency, Issued + 3)));
        Assert.NotNull(file.Check(E(ResolutionStep.Object, Agency, Issued + 4)));
        Assert.Equal(ResolutionState.Binding, file.StateOn(Issued + 4));
    }

    [Fact]
    public void Only_the_responsible_agency_objects_and_only_once_with_a_reason()
    {
        var file = New();

        Assert.True(file.Check(E(ResolutionStep.Object, Actor.OfAgency(99), Issued + 1))!.Forbidden);
        Assert.True(file.Check(E(ResolutionStep.Object, Staff, Issued + 1))!.Forbidden);
        Assert.Equal("note", file.Check(E(ResolutionStep.Object, Agency, Issued + 1, ""))!.Path);

        var objected = file.Apply(E(ResolutionStep.Object, Agency, Issued + 2, "در اختیار بانک مرکزی است"));
        Assert.Equal(ResolutionState.Objected, objected.StateOn(Issued + 40));
        var binding = objected.Apply(E(ResolutionStep.RejectObjection, Staff, Issued + 3, "در اختیار مدیریت استان است"));
        Assert.Equal(ResolutionState.Binding, binding.StateOn(Issued + 4));
        Assert.NotNull(binding.Check(E(ResolutionStep.Object, Agency, Issued + 4)));
    }

    [Fact]
    public void The_secretariat_decides_an_objection()
    {
        var objected = New().Apply(E(ResolutionStep.Object, Agency, Issued + 2));

        Assert.True(objected.Check(E(ResolutionStep.AcceptObjection, Agency, Issued + 3))!.Forbidden);
        Assert.NotNull(objected.Check(E(ResolutionStep.Done, Agency, Issued + 3)));
        var withdrawn = objected.Apply(E(ResolutionStep.AcceptObjection, Staff, Issued + 3));
        Assert.Equal(ResolutionState.Withdrawn, withdrawn.StateOn(Issued + 3));
        Assert.False(withdrawn.Counts);
        Assert.False(withdrawn.IsOverdue(Issued + 100));
        Assert.NotNull(New().Check(E(ResolutionStep.RejectObjection, Staff, Issued + 1)));
    }

    [Fact]
    public void Follow_ups_until_the_agency_reports_it_done()
    {
        var file = New(deadline: Issued + 30)
            .Apply(E(ResolutionStep.FollowUp, Agency, Issued + 5, "مکاتبه با ستاد بانک"))
            .Apply(E(ResolutionStep.FollowUp, Agency, Issued + 20, "پرونده تکمیل شد"));
        Assert.Equal(2, file.FollowUps);
        Assert.Equal(ResolutionState.Binding, file.StateOn(Issued + 20));

        var claimed = file.Apply(E(ResolutionStep.Done, Agency, Issued + 25, "اجرا شد"));
        Assert.Equal(ResolutionState.AwaitingConfirmation, claimed.StateOn(Issued + 26));
        Assert.False(claimed.CarriedOut);
        var done = claimed.Apply(E(ResolutionStep.ConfirmDone, Staff, Issued + 33));
        Assert.Equal(ResolutionState.Done, done.StateOn(Issued + 33));
        Assert.True(done.CarriedOut);
        Assert.True(done.DoneOnTime); // reported done on day 25 of 30; confirmed later
        Assert.Equal(Issued + 25, done.DoneDay);
        Assert.NotNull(done.Check(E(ResolutionStep.FollowUp, Agency, Issued + 27)));
        Assert.True(New().Check(E(ResolutionStep.Done, Actor.OfAgency(99), Issued + 1))!.Forbidden);
        Assert.True(New().Check(E(ResolutionStep.FollowUp, Actor.Viewer, Issued + 1))!.Forbidden);
    }

    [Fact]
    public void Late_when_not_done_by_the_deadline()
    {
        var file = New(deadline: Issued + 30);

        Assert.False(file.IsOverdue(Issued + 30));
        Assert.True(file.IsOverdue(Issued + 31));
        var late = file.Apply(E(ResolutionStep.Done, Agency, Issued + 35)).Apply(E(ResolutionStep.ConfirmDone, Staff, Issued + 36));
        Assert.False(late.DoneOnTime);
        Assert.False(late.IsOverdue(Issued + 40));
    }

    [Fact]
    public void Issuing_is_for_the_secretariat_with_a_deadline_not_before_the_issue_day()
    {
        Assert.Throws<DomainException>(() => ResolutionFile.Issue(Bank, Issued, Issued + 5, 15, Agency));
        var ex = Assert.Throws<DomainException>(() => ResolutionFile.Issue(Bank, Issued, Issued - 1, 15, Staff));
        Assert.Equal("deadline", ex.Path);
    }

    [Fact]
    public void Replay_matches_step_by_step()
    {
        var file = ResolutionFile.Replay(Bank, Issued + 30, 15,
        [
            new ResolutionEvent(ResolutionStep.Issue, Issued, Staff),
            new ResolutionEvent(ResolutionStep.Object, Issued + 1, Agency, "دلیل"),
            new ResolutionEvent(ResolutionStep.RejectObjection, Issued + 2, Staff, "رد"),
            new ResolutionEvent(ResolutionStep.Done, Issued + 10, Agency, "انجام شد"),
            new ResolutionEvent(ResolutionStep.ReturnDone, Issued + 11, Staff, "مستند پیوست نشده است"),
            new ResolutionEvent(ResolutionStep.Done, Issued + 12, Agency, "صورت‌جلسه پیوست شد"),
            new ResolutionEvent(ResolutionStep.ConfirmDone, Issued + 13, Staff),
        ]);

        Assert.Equal(ResolutionState.Done, file.StateOn(Issued + 13));
        Assert.Equal(Issued + 12, file.DoneDay);
        Assert.Equal(1, file.Returns);
        Assert.Equal([ResolutionStep.FollowUp, ResolutionStep.Done], New().AllowedSteps(Staff, Issued + 20));
        Assert.Equal([ResolutionStep.Object, ResolutionStep.FollowUp, ResolutionStep.Done], New().AllowedSteps(Agency, Issued + 1));
    }

    [Fact]
    public void An_agencys_done_awaits_the_secretariat_which_confirms_once_or_returns_it_with_a_reason()
    {
        var claimed = New(deadline: Issued + 30).Apply(E(ResolutionStep.Done, Agency, Issued + 20, "انجام شد"));

        Assert.Equal(ResolutionState.AwaitingConfirmation, claimed.StateOn(Issued + 21));
        Assert.True(claimed.IsOpen);
        Assert.False(claimed.CarriedOut);
        Assert.Equal([ResolutionStep.ConfirmDone, ResolutionStep.ReturnDone], claimed.AllowedSteps(Staff, Issued + 21));
        Assert.Empty(claimed.AllowedSteps(Agency, Issued + 21));
        Assert.True(claimed.Check(E(ResolutionStep.ConfirmDone, Agency, Issued + 21))!.Forbidden);
        Assert.NotNull(claimed.Check(E(ResolutionStep.Done, Agency, Issued + 21, "دوباره")));
        Assert.Equal("note", claimed.Check(E(ResolutionStep.ReturnDone, Staff, Issued + 21, null))!.Path);

        var confirmed = claimed.Apply(E(ResolutionStep.ConfirmDone, Staff, Issued + 22));
        var twice = confirmed.Check(E(ResolutionStep.ConfirmDone, Staff, Issued + 23));
        Assert.NotNull(twice);
        Assert.False(twice.Forbidden);

        var returned = claimed.Apply(E(ResolutionStep.ReturnDone, Staff, Issued + 22, "مستند انجام پیوست نشده است"));
        Assert.Equal(ResolutionState.Binding, returned.StateOn(Issued + 22));
        Assert.Null(returned.ClaimedDay);
        Assert.Contains(ResolutionStep.Done, returned.AllowedSteps(Agency, Issued + 22));
    }

    [Fact]
    public void The_secretariats_own_report_of_done_needs_no_confirmation()
    {
        var done = New().Apply(E(ResolutionStep.Done, Staff, Issued + 3, "در جلسه تأیید شد"));

        Assert.Equal(ResolutionState.Done, done.StateOn(Issued + 3));
        Assert.True(done.CarriedOut);
    }
}
