using Microsoft.EntityFrameworkCore;
using Payesh.Web.Data;
using Payesh.Web.Data.Model;
using Payesh.Web.Features.Account;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Plans;

/// <summary>The writes of an action's page: a comment, with an optional file, by the lead or a collaborating agency or
/// the secretariat (<see cref="Access.CanComment"/>); a plan the user may not see is not found (<see cref="PlanQueries"/>).</summary>
public sealed class ActionCommands(PayeshDb db, PlanQueries plans, PayeshClock clock)
{
    public const string TextPath = "text", FilePath = "file";
    public const string NoComment = "شما برای این اقدام یادداشت نمی‌نویسید.";

    /// <summary>Stores the comment and its file (read by the page: <paramref name="file"/>, or why not: <paramref name="fileError"/>)
    /// in one transaction, signed <paramref name="shownName"/>; answers the comment's id.</summary>
    public async Task<Outcome<long>> CommentAsync(CurrentUser user, string shownName, long planId, long nodeId, string? text,
        Evidence? file, string? fileError, CancellationToken ct)
    {
        if (await plans.FindAsync(user, planId, ct) is null) return Outcome.NotFound(PlanQueries.NotFoundMessage);
        var node = await db.PlanNodes.AsNoTracking().Where(n => n.Id == nodeId && n.PlanId == planId && n.IsAction)
            .Select(n => new { n.LeadAgencyId, Collaborators = n.Collaborators.Select(c => c.AgencyId).ToList() }).FirstOrDefaultAsync(ct);
        if (node is null) return Outcome.NotFound(ActionQueries.ActionNotFound);
        if (!Access.CanComment(user, node.LeadAgencyId, node.Collaborators)) return Outcome.Forbidden(NoComment);
        text = Payesh.Domain.Text.PersianText.Normalize(text);
        if (string.IsNullOrEmpty(text)) return Outcome.Invalid(TextPath, "متن یادداشت را بنویسید.");
        if (text.Length > 4000) return Outcome.Invalid(TextPath, "یادداشت نباید از ۴۰۰۰ نویسه بیشتر باشد.");
        if (fileError is not null) return Outcome.Invalid(FilePath, fileError);
        db.Actor.Is(user);
        var comment = new ActionComment
        {
            PlanId = planId,
            NodeId = nodeId,
            AgencyId = user.AgencyId,
            UserId = user.Id,
            UserName = shownName,
            Text = text,
            At = clock.Now,
        };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.ActionComments.Add(comment);
        await db.SaveChangesAsync(ct);
        if (file is not null)
        {
            file.PlanId = planId;
            file.NodeId = nodeId;
            file.CommentId = comment.Id;
            file.UploadedById = user.Id;
            file.UploadedAt = clock.Now;
            db.Evidence.Add(file);
            await db.SaveChangesAsync(ct);
        }
        await tx.CommitAsync(ct);
        return comment.Id;
    }
}
