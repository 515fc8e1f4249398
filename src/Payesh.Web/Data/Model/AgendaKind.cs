namespace Payesh.Web.Data.Model;

public enum AgendaKind { Obstacle, Action, Resolution, MissingReports, Other }
