using Payesh.Web.Features.Account;

namespace Payesh.Web.Data;

/// <summary>Who the audit trail names for the writes of one scope (a request, a job, start-up). The web layer
/// sets it from the signed-in user (<see cref="AuditActorMiddleware"/>), services acting for a <see cref="CurrentUser"/>
/// set it from that user, jobs and start-up name themselves; the database never reads the HTTP context.</summary>
public sealed class AuditActor
{
    public string? Id { get; private set; }
    public string? Name { get; private set; }

    /// <summary>The acting user, or nobody (an anonymous request: a failed sign-in).</summary>
    public AuditActor Is(CurrentUser? user) => Is(user?.Id, user?.Name);

    /// <summary>A user by id and name, or a named process (<c>(null, "system")</c>).</summary>
    public AuditActor Is(string? id, string? name)
    {
        Id = id;
        Name = name;
        return this;
    }
}

/// <summary>Names the signed-in user (cookie or bearer token, after authorization) as the request's audit actor.</summary>
public static class AuditActorMiddleware
{
    public static IApplicationBuilder UseAuditActor(this IApplicationBuilder app) => app.Use((http, next) =>
    {
        http.RequestServices.GetRequiredService<AuditActor>().Is(CurrentUser.From(http.User));
        return next(http);
    });
}
