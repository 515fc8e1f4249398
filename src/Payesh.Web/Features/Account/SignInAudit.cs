using System.Text.Json;
using Payesh.Web.Data;

namespace Payesh.Web.Features.Account;

/// <summary>Sign-in events in the audit trail (issue 13): who tried which user name from where, through which door, and what came of it.</summary>
public static class SignInAudit
{
    public const string EntityType = "SignIn";
    public const string Succeeded = "sign-in";
    public const string Failed = "sign-in-failed";
    public const string Throttled = "sign-in-throttled";

    private static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Task RecordAsync(PayeshDb db, string action, string userName, string address, string channel,
        string? userId, CancellationToken ct = default)
    {
        // The typed name is kept short: a flood of long names must not fill the trail.
        var name = userName.Length > 100 ? userName[..100] : userName;
        var after = JsonSerializer.Serialize(new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["Address"] = address,
            ["Channel"] = channel,
            ["UserName"] = name,
        }, Json);
        return db.AppendAuditAsync([new AuditRecord(action, EntityType, userId, null, after, userId, name)], ct);
    }
}
