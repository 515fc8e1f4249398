using Microsoft.EntityFrameworkCore;

namespace Payesh.Web.Data;

/// <summary>
/// Saves a decision only if the state it was made on still holds (issue 10 § 3). The claim is one conditional UPDATE
/// that locks the row at the version seen ("set version = seen where version = seen"), inside the transaction that then
/// saves the decision (whose own save moves the version). Of two decisions racing on the same state the database lets
/// one claim hit its row; the other waits for it, finds the version moved and saves nothing (no event, no notice).
/// </summary>
public static class ClaimedSave
{
    /// <returns>false when the claim found the state changed; the unit of work is then dropped unsaved.</returns>
    public static async Task<bool> SaveIfClaimedAsync(this PayeshDb db, Func<CancellationToken, Task<int>> claim, CancellationToken ct)
    {
        bool won = false;
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            won = await claim(ct) == 1;
            if (!won)
            {
                await tx.RollbackAsync(ct);
                return;
            }
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        });
        if (!won) db.ChangeTracker.Clear();
        return won;
    }
}
