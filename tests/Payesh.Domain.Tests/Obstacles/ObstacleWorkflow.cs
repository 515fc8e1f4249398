using Payesh.Domain.Obstacles;

namespace Payesh.Domain.Tests.Obstacles;

/// <summary>The obstacle workflow: which steps are allowed in which state, and to whom.</summary>
public class ObstacleWorkflow
{
    private const long Smt = 2, Bank = 7, Tax = 3, Other = 9;
    private const int Day = 1000;
    private static readonly Actor Staff = Actor.Staff;
    private static readonly Actor Reporter = Actor.OfAgency(Smt);
    private static readonly Actor Lead = Actor.OfAgency(Bank);

    private static ObstacleFile Reported() => ObstacleFile.Start(new ObstacleEvent(ObstacleStep.Report, Day, Reporter, "ثبت"));

    private static ObstacleFile Assigned(int deadline = Day + 20) => Reported()
        .Apply(new ObstacleEvent(ObstacleStep.Review, Day, Staff))
        .Apply(new ObstacleEvent(ObstacleStep.Assign, Day + 1, Staff, "به بانک", Bank, [Tax], deadline));

    private static ObstacleEvent E(ObstacleStep step, Actor by, int day = Day + 2, string? note = "شرح") => new(step, day, by, note);

    [Fact]
    public void A_new_obstacle_is_reported_by_its_agency()
    {
        var file = Reported();

        Assert.Equal(ObstacleState.Reported, file.State);
        Assert.Equal(Smt, file.ReporterAgency);
        Assert.Equal(EscalationLevel.None, file.Escalation);
        Assert.True(file.IsOpen);
    }

    [Fact]
    public void Viewers_cannot_report()
    {
        var refusal = ObstacleFile.CheckReport(new ObstacleEvent(ObstacleStep.Report, Day, Actor.Viewer));

        Assert.NotNull(refusal);
        Assert.True(refusal.Forbidden);
        Assert.Throws<DomainException>(() => ObstacleFile.Start(new ObstacleEvent(ObstacleStep.Report, Day, Actor.Viewer)));
    }

    [Fact]
    public void The_happy_path_runs_from_reported_to_resolved()
    {
        var file = Assigned()
            .Apply(E(ObstacleStep.Start, Lead, Day + 3, "پرونده در کمیته اعتباری است"))
            .Apply(E(ObstacleStep.Resolve, Lead, Day + 10, "تسهیلات پرداخت شد"));

        Assert.Equal(ObstacleState.Resolved, file.State);
        Assert.Equal(Day + 10, file.ClosedDay);
        Assert.Equal(9, file.DaysToResolve);
        Assert.True(file.ResolvedByDeadline);
        Assert.False(file.IsOpen);
    }

    [Fact]
    public void Only_the_secretariat_reviews_assigns_escalates_and_declares_not_resolvable()
    {
        var file = Reported();
        foreach (var by in new[] { Reporter, Lead, Actor.Viewer })
        {
            Assert.True(file.Check(E(ObstacleStep.Review, by))!.Forbidden);
            Assert.True(file.Check(new ObstacleEvent(ObstacleStep.Assign, Day, by, null, Bank, null, Day + 5))!.Forbidden);
            Assert.True(file.Check(new ObstacleEvent(ObstacleStep.Escalate, Day, by, null, Level: EscalationLevel.HqMeeting))!.Forbidden);
            Assert.True(file.Check(E(ObstacleStep.DeclareNotResolvable, by))!.Forbidden);
        }
        Assert.Null(file.Check(E(ObstacleStep.Review, Staff)));
    }

    [Fact]
    public void Only_the_lead_agency_or_the_secretariat_answers()
    {
        var file = Assigned();

        Assert.True(file.Check(E(ObstacleStep.Start, Reporter))!.Forbidden);
        Assert.True(file.Check(E(ObstacleStep.Start, Actor.OfAgency(Tax)))!.Forbidden);
        Assert.True(file.Check(E(ObstacleStep.Resolve, Actor.OfAgency(Other)))!.Forbidden);
        Assert.Null(file.Check(E(ObstacleStep.Start, Lead)));
        Assert.Null(file.Check(E(ObstacleStep.Resolve, Lead)));
        Assert.Null(file.Check(E(ObstacleStep.Resolve, Staff)));
    }

    [Fact]
    public void An_answer_needs_a_note()
    {
        var refusal = Assigned().Check(E(ObstacleStep.Start, Lead, note: "  "));

        Assert.NotNull(refusal);
        Assert.False(refusal.Forbidden);
        Assert.Equal("note", refusal.Path);
        Assert.Matches(PersianPattern.Letters, refusal.Message);
    }

    [Fact]
    public void Steps_out_of_order_are_refused()
    {
        var reported = Reported();
        Assert.Equal("action", reported.Check(E(ObstacleStep.Start, Staff))!.Path);
        Assert.Equal("action", reported.Check(E(ObstacleStep.Resolve, Staff))!.Path);
        Assert.Equal("action", reported.Check(E(ObstacleStep.Reopen, Staff))!.Path);

        var inProgress = Assigned().Apply(E(ObstacleStep.Start, Lead));
        Assert.Equal("action", inProgress.Check(E(ObstacleStep.Start, Lead))!.Path);
        Assert.Equal("action", inProgress.Check(E(ObstacleStep.Review, Staff))!.Path);

        var resolved = inProgress.Apply(E(ObstacleStep.Resolve, Lead));
        foreach (var step in new[] { ObstacleStep.Start, ObstacleStep.Resolve, ObstacleStep.DeclareNotResolvable })
            Assert.False(resolved.Check(E(step, Staff))!.Forbidden);
        Assert.NotNull(resolved.Check(new ObstacleEvent(ObstacleStep.Escalate, Day + 3, Staff, Level: EscalationLevel.Governor)));
        Assert.NotNull(resolved.Check(new ObstacleEvent(ObstacleStep.Assign, Day + 3, Staff, null, Bank, null, Day + 9)));
    }

    [Fact]
    public void Assignment_needs_a_lead_agency_and_a_deadline_not_in_the_past()
    {
        var file = Reported();

        Assert.Equal("leadAgency", file.Check(new ObstacleEvent(ObstacleStep.Assign, Day, Staff, null, null, null, Day + 5))!.Path);
        Assert.Equal("deadline", file.Check(new ObstacleEvent(ObstacleStep.Assign, Day, Staff, null, Bank))!.Path);
        Assert.Equal("deadline", file.Check(new ObstacleEvent(ObstacleStep.Assign, Day, Staff, null, Bank, null, Day - 1))!.Path);
        Assert.Null(file.Check(new ObstacleEvent(ObstacleStep.Assign, Day, Staff, null, Bank, null, Day)));
    }

    [Fact]
    public void Assignment_may_skip_review_and_may_be_repeated_to_change_agency_or_deadline()
    {
        var file = Reported().Apply(new ObstacleEvent(ObstacleStep.Assign, Day, Staff, null, Bank, [Bank, Tax], Day + 10));
        Assert.Equal(ObstacleState.Assigned, file.State);
        Assert.Equal([Tax], file.OtherAgencies);

        var later = file.Apply(E(ObstacleStep.Start, Lead, Day + 1))
            .Apply(new ObstacleEvent(ObstacleStep.Assign, Day + 5, Staff, "مهلت تمدید شد", Bank, null, Day + 30));
        Assert.Equal(ObstacleState.Assigned, later.State);
        Assert.Equal(Day + 30, later.Deadline);
        Assert.Equal(Day, later.AssignedDay);

        var moved = later.Apply(new ObstacleEvent(ObstacleStep.Assign, Day + 6, Staff, "به بانک دیگر", Other, null, Day + 30));
        Assert.Equal(Other, moved.LeadAgency);
        Assert.Equal(Day + 6, moved.AssignedDay);
        Assert.True(moved.Check(E(ObstacleStep.Start, Lead, Day + 7))!.Forbidden);
    }

    [Fact]
    public void Escalation_is_allowed_at_any_open_point_and_only_upwards()
    {
        foreach (var file in new[] { Reported(), Assigned(), Assigned().Apply(E(ObstacleStep.Start, Lead)) })
        {
            var up = file.Apply(new ObstacleEvent(ObstacleStep.Escalate, Day + 2, Staff, "به جلسه ستاد", Level: EscalationLevel.HqMeeting));
            Assert.Equal(EscalationLevel.HqMeeting, up.Escalation);
            Assert.Equal(file.State, up.State);
            Assert.Equal("level", up.Check(new ObstacleEvent(ObstacleStep.Escalate, Day + 3, Staff, Level: EscalationLevel.HqMeeting))!.Path);
            Assert.Null(up.Check(new ObstacleEvent(ObstacleStep.Escalate, Day + 3, Staff, Level: EscalationLevel.NationalHq)));
        }
    }

    [Fact]
    public void Not_resolvable_closes_and_reopening_returns_to_the_agency()
    {
        var closed = Assigned().Apply(E(ObstacleStep.DeclareNotResolvable, Staff, Day + 4, "نیازمند اصلاح قانون"));
        Assert.Equal(ObstacleState.NotResolvable, closed.State);
        Assert.Null(closed.DaysToResolve);

        var reopened = closed.Apply(E(ObstacleStep.Reopen, Staff, Day + 5, "قانون اصلاح شد"));
        Assert.Equal(ObstacleState.Assigned, reopened.State);
        Assert.Null(reopened.ClosedDay);
        Assert.True(reopened.IsOpen);

        var fresh = Reported().Apply(E(ObstacleStep.DeclareNotResolvable, Staff)).Apply(E(ObstacleStep.Reopen, Staff, Day + 3));
        Assert.Equal(ObstacleState.UnderReview, fresh.State);
    }

    [Fact]
    public void Comments_come_from_involved_agencies_and_the_secretariat()
    {
        var file = Assigned();

        Assert.Null(file.Check(E(ObstacleStep.Comment, Reporter)));
        Assert.Null(file.Check(E(ObstacleStep.Comment, Lead)));
        Assert.Null(file.Check(E(ObstacleStep.Comment, Actor.OfAgency(Tax))));
        Assert.Null(file.Check(E(ObstacleStep.Comment, Staff)));
        Assert.True(file.Check(E(ObstacleStep.Comment, Actor.OfAgency(Other)))!.Forbidden);
        Assert.True(file.Check(E(ObstacleStep.Comment, Actor.Viewer))!.Forbidden);
        Assert.Equal(file.State, file.Apply(E(ObstacleStep.Comment, Reporter)).State);
    }

    [Fact]
    public void Deadlines_make_open_obstacles_overdue_the_day_after()
    {
        var file = Assigned(deadline: Day + 10);

        Assert.False(file.IsOverdue(Day + 10));
        Assert.True(file.IsOverdue(Day + 11));
        Assert.Equal(5, file.DaysOverdue(Day + 15));
        var resolvedLate = file.Apply(E(ObstacleStep.Resolve, Lead, Day + 15));
        Assert.False(resolvedLate.IsOverdue(Day + 20));
        Assert.False(resolvedLate.ResolvedByDeadline);
    }

    [Fact]
    public void Awaiting_answer_until_the_lead_agency_replies()
    {
        var file = Assigned();
        Assert.True(file.AwaitingAnswer);
        Assert.False(file.Apply(E(ObstacleStep.Start, Lead)).AwaitingAnswer);
    }

    [Fact]
    public void Events_cannot_go_back_in_time()
    {
        var file = Assigned();

        Assert.Equal("date", file.Check(E(ObstacleStep.Start, Lead, Day - 5))!.Path);
    }

    [Fact]
    public void Replay_derives_the_same_state_and_refuses_a_broken_history()
    {
        var events = new[]
        {
            new ObstacleEvent(ObstacleStep.Report, Day, Reporter),
            new ObstacleEvent(ObstacleStep.Assign, Day, Staff, null, Bank, null, Day + 3),
            new ObstacleEvent(ObstacleStep.Escalate, Day + 1, Staff, null, Level: EscalationLevel.Governor),
            new ObstacleEvent(ObstacleStep.Start, Day + 2, Lead, "آغاز"),
        };
        var file = ObstacleFile.Replay(events);
        Assert.Equal(ObstacleState.InProgress, file.State);
        Assert.Equal(EscalationLevel.Governor, file.Escalation);
        Assert.Equal(4, file.EventCount);

        var broken = events.Append(new ObstacleEvent(ObstacleStep.Review, Day + 3, Staff));
        var ex = Assert.Throws<DomainException>(() => ObstacleFile.Replay(broken));
        Assert.Matches(PersianPattern.Letters, ex.Message);
    }

    [Fact]
    public void Allowed_steps_depend_on_who_asks()
    {
        var file = Assigned();

        Assert.Equal([ObstacleStep.Start, ObstacleStep.Resolve, ObstacleStep.Comment], file.AllowedSteps(Lead, Day + 2));
        Assert.Equal([ObstacleStep.Comment], file.AllowedSteps(Reporter, Day + 2));
        Assert.Empty(file.AllowedSteps(Actor.Viewer, Day + 2));
        Assert.Contains(ObstacleStep.Escalate, file.AllowedSteps(Staff, Day + 2));
        Assert.Contains(ObstacleStep.Assign, file.AllowedSteps(Staff, Day + 2));
        Assert.DoesNotContain(ObstacleStep.Review, file.AllowedSteps(Staff, Day + 2));
    }

    [Fact]
    public void Every_term_has_a_Persian_label_and_an_api_name_that_parses_back()
    {
        foreach (var c in Enum.GetValues<ObstacleCategory>()) RoundTrip(c);
        foreach (var s in Enum.GetValues<ObstacleSeverity>()) RoundTrip(s);
        foreach (var s in Enum.GetValues<ObstacleState>()) RoundTrip(s);
        foreach (var s in Enum.GetValues<ObstacleStep>()) RoundTrip(s);
        foreach (var s in Enum.GetValues<EscalationLevel>()) RoundTrip(s);
        foreach (var s in Enum.GetValues<ResolutionState>()) RoundTrip(s);
        foreach (var s in Enum.GetValues<ResolutionStep>()) RoundTrip(s);
        Assert.False(ObstacleTerms.TryParse<ObstacleCategory>("nonsense", out _));

        static void RoundTrip<T>(T value) where T : struct, Enum
        {
            Assert.True(ObstacleTerms.TryParse<T>(ObstacleTerms.ApiNameOf(value), out var back));
            Assert.Equal(value, back);
            if (!(value is EscalationLevel.None)) Assert.Matches("[\u0600-\u06FF]", ObstacleTerms.PersianNameOf(value));
        }
    }
}
