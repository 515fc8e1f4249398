namespace Payesh.Web.Data.Model;

public enum ImportState { Running, Failed, Succeeded }
