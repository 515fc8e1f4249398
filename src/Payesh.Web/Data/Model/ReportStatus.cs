namespace Payesh.Web.Data.Model;

/// <summary>A report's review state. With two-level sign-off an agency reporter's report starts AwaitingManager; the
/// manager confirms it (Submitted: on to the secretariat) or returns it to the reporter (Returned: it stops counting).</summary>
public enum ReportStatus { Submitted, Verified, Rejected, AwaitingManager, Returned }
