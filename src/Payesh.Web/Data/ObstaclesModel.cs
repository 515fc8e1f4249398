using Microsoft.EntityFrameworkCore;
using Payesh.Web.Data.Model;

namespace Payesh.Web.Data;

/// <summary>The mapping of obstacles, meetings and resolutions (issue 5), called from <see cref="PayeshDb.OnModelCreating"/>.</summary>
internal static class ObstaclesModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<Obstacle>(e =>
        {
            e.HasIndex(o => new { o.State, o.Id });
            e.HasIndex(o => o.LeadAgencyId);
            e.HasIndex(o => o.ReporterAgencyId);
            e.Property(o => o.PossibleDuplicates).HasMaxLength(500);
            e.Property(o => o.Category).HasConversion<string>().HasMaxLength(30);
            e.Property(o => o.Severity).HasConversion<string>().HasMaxLength(20);
            e.Property(o => o.State).HasConversion<string>().HasMaxLength(20);
            e.Property(o => o.Escalation).HasConversion<string>().HasMaxLength(20);
            e.Property(o => o.Version).IsConcurrencyToken();
            e.HasOne(o => o.ReporterAgency).WithMany().HasForeignKey(o => o.ReporterAgencyId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne(o => o.LeadAgency).WithMany().HasForeignKey(o => o.LeadAgencyId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<PlanRow>().WithMany().HasForeignKey(o => o.PlanId).OnDelete(DeleteBehavior.SetNull);
            e.HasMany(o => o.Units).WithOne().HasForeignKey(u => u.ObstacleId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(o => o.OtherAgencies).WithOne().HasForeignKey(a => a.ObstacleId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(o => o.Nodes).WithOne().HasForeignKey(n => n.ObstacleId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(o => o.Events).WithOne().HasForeignKey(x => x.ObstacleId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<ObstacleUnit>(e =>
        {
            e.HasIndex(u => u.ObstacleId);
        });
        b.Entity<ObstacleAgency>(e =>
        {
            e.HasKey(a => new { a.ObstacleId, a.AgencyId });
            e.HasOne(a => a.Agency).WithMany().HasForeignKey(a => a.AgencyId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<ObstacleNode>(e =>
        {
            e.HasKey(n => new { n.ObstacleId, n.NodeId });
            e.HasIndex(n => n.NodeId);
            e.HasOne(n => n.Node).WithMany().HasForeignKey(n => n.NodeId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<ObstacleEventRow>(e =>
        {
            e.ToTable("ObstacleEvents");
            e.HasIndex(x => new { x.ObstacleId, x.Id });
            e.Property(x => x.Step).HasConversion<string>().HasMaxLength(30);
            e.Property(x => x.ActorRole).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.Level).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.OtherAgencyIds).HasMaxLength(500);
        });
        b.Entity<Meeting>(e =>
        {
            e.HasIndex(m => m.Number).IsUnique();
            e.Property(m => m.State).HasConversion<string>().HasMaxLength(20);
            e.Property(m => m.Version).IsConcurrencyToken();
            e.HasOne<PlanRow>().WithMany().HasForeignKey(m => m.PlanId).OnDelete(DeleteBehavior.SetNull);
            e.HasMany(m => m.Agenda).WithOne().HasForeignKey(a => a.MeetingId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<AgendaItem>(e =>
        {
            e.HasIndex(a => new { a.MeetingId, a.SortOrder });
            e.Property(a => a.Kind).HasConversion<string>().HasMaxLength(20);
        });
        b.Entity<Resolution>(e =>
        {
            e.HasIndex(r => new { r.MeetingId, r.Seq }).IsUnique();
            e.HasIndex(r => r.AgencyId);
            e.Property(r => r.Stage).HasConversion<string>().HasMaxLength(30);
            e.Property(r => r.Version).IsConcurrencyToken();
            e.HasOne(r => r.Meeting).WithMany().HasForeignKey(r => r.MeetingId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne(r => r.Agency).WithMany().HasForeignKey(r => r.AgencyId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(r => r.Obstacles).WithOne().HasForeignKey(x => x.ResolutionId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(r => r.Nodes).WithOne().HasForeignKey(x => x.ResolutionId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(r => r.Events).WithOne().HasForeignKey(x => x.ResolutionId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<ResolutionObstacle>(e =>
        {
            e.HasKey(x => new { x.ResolutionId, x.ObstacleId });
            e.HasIndex(x => x.ObstacleId);
            e.HasOne(x => x.Obstacle).WithMany().HasForeignKey(x => x.ObstacleId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<ResolutionNode>(e =>
        {
            e.HasKey(x => new { x.ResolutionId, x.NodeId });
            e.HasOne(x => x.Node).WithMany().HasForeignKey(x => x.NodeId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<ResolutionEventRow>(e =>
        {
            e.ToTable("ResolutionEvents");
            e.HasIndex(x => new { x.ResolutionId, x.Id });
            e.Property(x => x.Step).HasConversion<string>().HasMaxLength(30);
            e.Property(x => x.ActorRole).HasConversion<string>().HasMaxLength(20);
        });
    }
}
