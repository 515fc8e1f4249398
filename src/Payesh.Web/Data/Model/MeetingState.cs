namespace Payesh.Web.Data.Model;

public enum MeetingState { Planned, Held }
