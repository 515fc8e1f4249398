using Microsoft.EntityFrameworkCore;
using Payesh.Web.Data;
using Payesh.Web.Data.Model;
using Payesh.Web.Features.Account;
using Payesh.Web.Features.Reports;

namespace Payesh.Web.Features.Obstacles;

/// <summary>A file attached to a step of an obstacle or a resolution, as pages list it.</summary>
public sealed record StepAttachment(long Id, long EventId, string FileName, long Size);

/// <summary>
/// Proof attached to obstacle and resolution steps (a report, a follow-up, a report of done): the same store
/// (<see cref="Evidence"/>), size limit and content checks (<see cref="EvidenceFiles"/>) as a daily report's evidence.
/// The page reads the upload with <see cref="EvidenceFiles.ReadAsync"/>; the writer stores it with its step.
/// </summary>
public static class StepAttachments
{
    public static void AddToObstacle(PayeshDb db, Evidence file, long obstacleId, ObstacleEventRow step, CurrentUser user, DateTimeOffset now)
    {
        file.ObstacleId = obstacleId;
        file.ObstacleEvent = step;
        file.UploadedById = user.Id;
        file.UploadedAt = now;
        db.Evidence.Add(file);
    }

    public static void AddToResolution(PayeshDb db, Evidence file, long resolutionId, ResolutionEventRow step, CurrentUser user, DateTimeOffset now)
    {
        file.ResolutionId = resolutionId;
        file.ResolutionEvent = step;
        file.UploadedById = user.Id;
        file.UploadedAt = now;
        db.Evidence.Add(file);
    }

    public static async Task<ILookup<long, StepAttachment>> OfObstacleAsync(PayeshDb db, long obstacleId, CancellationToken ct) =>
        (await db.Evidence.AsNoTracking().Where(e => e.ObstacleId == obstacleId && e.ObstacleEventId != null).OrderBy(e => e.Id)
            .Select(e => new StepAttachment(e.Id, e.ObstacleEventId!.Value, e.FileName, e.Size)).ToListAsync(ct)).ToLookup(a => a.EventId);

    public static async Task<ILookup<long, StepAttachment>> OfResolutionAsync(PayeshDb db, long resolutionId, CancellationToken ct) =>
        (await db.Evidence.AsNoTracking().Where(e => e.ResolutionId == resolutionId && e.ResolutionEventId != null).OrderBy(e => e.Id)
            .Select(e => new StepAttachment(e.Id, e.ResolutionEventId!.Value, e.FileName, e.Size)).ToListAsync(ct)).ToLookup(a => a.EventId);
}
