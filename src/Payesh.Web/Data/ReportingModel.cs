using Microsoft.EntityFrameworkCore;
using Payesh.Web.Data.Model;

namespace Payesh.Web.Data;

/// <summary>The model of the reporting workflow's side tables: evidence, comments, notifications, holidays, job runs.</summary>
internal static class ReportingModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<Evidence>(e =>
        {
            e.HasIndex(x => x.ReportId);
            e.HasIndex(x => x.CommentId);
            e.HasIndex(x => x.NodeId);
            e.Property(x => x.ContentType).HasMaxLength(120);
            e.Property(x => x.Sha256).HasMaxLength(64);
        });
        b.Entity<ActionComment>(e =>
        {
            e.HasIndex(x => x.NodeId);
        });
        b.Entity<Notification>(e =>
        {
            e.HasIndex(x => new { x.UserId, x.ReadAt });
            e.Property(x => x.Link).HasMaxLength(500);
        });
        b.Entity<Holiday>(e =>
        {
            e.HasIndex(x => x.Date).IsUnique();
        });
        b.Entity<JobRun>(e =>
        {
            e.HasIndex(x => new { x.Job, x.Day }).IsUnique();
            e.Property(x => x.Job).HasMaxLength(60);
            e.Property(x => x.Instance).HasMaxLength(200);
            e.Property(x => x.Result).HasMaxLength(2000);
        });
    }
}
