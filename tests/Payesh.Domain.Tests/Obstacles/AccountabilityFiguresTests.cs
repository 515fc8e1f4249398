using Payesh.Domain.Obstacles;

namespace Payesh.Domain.Tests.Obstacles;

/// <summary>Per-organization figures: obstacles and resolutions counted for the agency responsible.</summary>
public class AccountabilityFiguresTests
{
    private const long Bank = 7, Tax = 3;
    private const int Day = 3000;

    private static ObstacleFile Obstacle(long lead, int assignDay, int deadline, int? resolvedDay = null)
    {
        var f = ObstacleFile.Start(new ObstacleEvent(ObstacleStep.Report, assignDay, Actor.OfAgency(1)))
            .Apply(new ObstacleEvent(ObstacleStep.Assign, assignDay, Actor.Staff, null, lead, null, deadline));
        return resolvedDay is { } r ? f.Apply(new ObstacleEvent(ObstacleStep.Resolve, r, Actor.OfAgency(lead), "رفع شد")) : f;
    }

    [Fact]
    public void Counts_obstacles_of_each_lead_agency()
    {
        var obstacles = new[]
        {
            Obstacle(Bank, Day, Day + 10, Day + 4),   // resolved by deadline, 4 days
            Obstacle(Bank, Day, Day + 10, Day + 20),  // resolved late, 20 days
            Obstacle(Bank, Day, Day + 10),            // open, overdue on Day + 30
            Obstacle(Bank, Day, Day + 60),            // open, not overdue
            Obstacle(Tax, Day, Day + 5, Day + 1),
        };
        var unassigned = ObstacleFile.Start(new ObstacleEvent(ObstacleStep.Report, Day, Actor.Staff));

        var (agencies, total) = AccountabilityFigures.Compute(obstacles.Append(unassigned), [], Day + 30);

        var bank = agencies.Single(a => a.Agency == Bank);
        Assert.Equal(4, bank.ObstaclesAssigned);
        Assert.Equal(2, bank.ObstaclesResolved);
        Assert.Equal(1, bank.ObstaclesResolvedByDeadline);
        Assert.Equal(1, bank.ObstaclesOverdue);
        Assert.Equal(12, bank.MedianDaysToResolve);
        Assert.Equal(50, bank.ResolvedRate);
        Assert.Equal(5, total.ObstaclesAssigned);
        // Open: neither resolved nor not resolvable. The agency's two; the register's also counts the unassigned one.
        Assert.Equal(2, bank.ObstaclesOpen);
        Assert.Equal(0, agencies.Single(a => a.Agency == Tax).ObstaclesOpen);
        Assert.Equal(3, total.ObstaclesOpen);
        Assert.Equal(4, AccountabilityFigures.Median([9, 1, 4, 7, 2]));
        Assert.Null(AccountabilityFigures.Median([]));
    }

    [Fact]
    public void Counts_resolutions_carried_out_and_on_time_but_not_withdrawn_ones()
    {
        var staff = Actor.Staff;
        var agency = Actor.OfAgency(Bank);
        var resolutions = new[]
        {
            ResolutionFile.Issue(Bank, Day, Day + 20, 15, staff).Apply(new ResolutionEvent(ResolutionStep.Done, Day + 5, agency, "انجام"))
                .Apply(new ResolutionEvent(ResolutionStep.ConfirmDone, Day + 22, staff)),
            ResolutionFile.Issue(Bank, Day, Day + 20, 15, staff).Apply(new ResolutionEvent(ResolutionStep.Done, Day + 25, agency, "انجام"))
                .Apply(new ResolutionEvent(ResolutionStep.ConfirmDone, Day + 26, staff)),
            // Reported done but not confirmed: assigned, not carried out, and overdue past its deadline.
            ResolutionFile.Issue(Bank, Day, Day + 20, 15, staff).Apply(new ResolutionEvent(ResolutionStep.Done, Day + 6, agency, "انجام")),
            ResolutionFile.Issue(Bank, Day, Day + 20, 15, staff),
            ResolutionFile.Issue(Bank, Day, Day + 20, 15, staff)
                .Apply(new ResolutionEvent(ResolutionStep.Object, Day + 1, agency, "اعتراض"))
                .Apply(new ResolutionEvent(ResolutionStep.AcceptObjection, Day + 2, staff, "پذیرفته شد")),
        };

        var (agencies, total) = AccountabilityFigures.Compute([], resolutions, Day + 30);

        var bank = Assert.Single(agencies);
        Assert.Equal(4, bank.ResolutionsAssigned);
        Assert.Equal(2, bank.ResolutionsCarriedOut);
        Assert.Equal(1, bank.ResolutionsOnTime);
        Assert.Equal(2, bank.ResolutionsOverdue);
        Assert.Equal(200.0 / 4, bank.ImplementationRate!.Value, 9);
        Assert.Equal(0, bank.ObstaclesAssigned);
        Assert.Null(bank.MedianDaysToResolve);
        Assert.Equal(bank with { Agency = 0 }, total);
    }
}
