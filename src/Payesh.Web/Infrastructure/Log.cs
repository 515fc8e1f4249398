namespace Payesh.Web.Infrastructure;

/// <summary>
/// Every log line the application writes, as source-generated <see cref="LoggerMessageAttribute"/> methods
/// (CA1848): the message is parsed once at build time and nothing is formatted when the level is off.
/// </summary>
public static partial class Log
{
    [LoggerMessage(Level = LogLevel.Error, Message = "The audit checkpoint could not be written.")]
    public static partial void AuditCheckpointFailed(this ILogger log, Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The admin user was created with a generated password (shown once): admin / {Password}")]
    public static partial void AdminCreatedWithGeneratedPassword(this ILogger log, string? password);

    [LoggerMessage(Level = LogLevel.Information, Message = "The admin user was created with the password from Payesh:AdminPassword.")]
    public static partial void AdminCreatedWithConfiguredPassword(this ILogger log);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo data seeded in {Seconds:0.0} s ({Phases}): plan {Historic} (1398, {HistoricReports} reports) and plan {Current} ({Year}, {CurrentReports} reports up to yesterday).\n{Accounts}")]
    public static partial void DemoSeeded(this ILogger log, double seconds, string phases, long historic, int historicReports, long current, int year, int currentReports, string accounts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record the interruption of import {Job}")]
    public static partial void ImportInterruptionNotRecorded(this ILogger log, Exception error, long job);

    [LoggerMessage(Level = LogLevel.Error, Message = "Excel import {Job} failed")]
    public static partial void ImportFailed(this ILogger log, Exception error, long job);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not record the failure of import {Job}")]
    public static partial void ImportFailureNotRecorded(this ILogger log, Exception error, long job);

    [LoggerMessage(Level = LogLevel.Warning, Message = "E-mail to {User} failed")]
    public static partial void EmailFailed(this ILogger log, Exception error, string? user);

    [LoggerMessage(Level = LogLevel.Error, Message = "The missing-reports job failed; it will try again.")]
    public static partial void MissingReportsJobFailed(this ILogger log, Exception error);

    [LoggerMessage(Level = LogLevel.Error, Message = "The weekly brief job failed; it will try again.")]
    public static partial void WeeklyBriefJobFailed(this ILogger log, Exception error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Weekly brief of week {Week}: {Result}")]
    public static partial void WeeklyBriefSent(this ILogger log, string week, string result);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A grouped commit of {Count} report writes failed; retrying them one by one.")]
    public static partial void GroupCommitFailed(this ILogger log, Exception error, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Closing the report writer's connection failed.")]
    public static partial void ReportWriterCloseFailed(this ILogger log, Exception error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused a body over {Limit} bytes: {Reason}")]
    public static partial void BodyTooLarge(this ILogger log, long? limit, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused a form the reader could not take: {Reason}")]
    public static partial void FormRefused(this ILogger log, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Engines of {Plans} plans loaded in {Seconds:0.00} s; ready.")]
    public static partial void EnginesWarmed(this ILogger log, int plans, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Loading the plans' engines at start failed; they load on first use.")]
    public static partial void EngineWarmupFailed(this ILogger log, Exception error);
}
