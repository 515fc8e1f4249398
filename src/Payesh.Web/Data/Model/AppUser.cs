using Microsoft.AspNetCore.Identity;
using Payesh.Domain.Plans;

namespace Payesh.Web.Data.Model;

public sealed class AppUser : IdentityUser
{
    public string DisplayName { get; set; } = "";
    public long? AgencyId { get; set; }
    public AgencyRow? Agency { get; set; }
    public bool IsActive { get; set; } = true;
    public DateTimeOffset CreatedAt { get; set; }
}
