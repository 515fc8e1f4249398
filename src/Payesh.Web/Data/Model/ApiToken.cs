namespace Payesh.Web.Data.Model;

/// <summary>A bearer token for the API; only its SHA-256 is stored.</summary>
public sealed class ApiToken
{
    public long Id { get; set; }
    public string UserId { get; set; } = "";
    public AppUser? User { get; set; }
    public string Name { get; set; } = "";
    public string TokenHash { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}
