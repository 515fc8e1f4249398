namespace Payesh.Web.Data.Model;

public enum PlanState { Draft, Approved, Closed }
