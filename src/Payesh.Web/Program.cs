using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.ResponseCompression;
using Payesh.Web.Data;
using Payesh.Web.Data.Demo;
using Payesh.Web.Data.Model;
using Payesh.Web.Features.Account;
using Payesh.Web.Features.Exports;
using Payesh.Web.Features.Meetings;
using Payesh.Web.Features.Obstacles;
using Payesh.Web.Features.Plans;
using Payesh.Web.Features.Progress;
using Payesh.Web.Features.Reports;
using Payesh.Web.Features.Resolutions;
using Payesh.Web.Infrastructure;
using Payesh.Web.Infrastructure.Input;
using Payesh.Web.Infrastructure.Security;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(args);
var services = builder.Services;

// First hosted service: the schema must exist before anything (e.g. the key ring) reads it.
services.AddHostedService<DatabaseStartup>();

services.AddSingleton(TimeProvider.System);
services.AddSingleton<PayeshClock>();
services.AddScoped<AuditActor>();
services.AddPayeshDatabase(builder.Configuration, builder.Environment);
// The audit chain's key and checkpoints live outside the database (docs/operations.md § audit key).
services.AddSingleton(AuditKey.Load(builder.Configuration, builder.Environment));
services.AddHostedService<AuditCheckpointWriter>();
services.AddPayeshMetrics(builder.Configuration);
services.AddDataProtection().SetApplicationName("Payesh").PersistKeysToDbContext<PayeshDb>();

services.AddIdentity<AppUser, IdentityRole>(o =>
    {
        o.Password.RequiredLength = 10;
        o.Password.RequireNonAlphanumeric = false;
        o.Password.RequireUppercase = false;
        // Wrong passwords slow down (address, user name) instead of locking the account for everyone (LoginThrottle).
        o.Lockout.AllowedForNewUsers = false;
        o.User.RequireUniqueEmail = false;
    })
    .AddEntityFrameworkStores<PayeshDb>()
    .AddDefaultTokenProviders()
    .AddClaimsPrincipalFactory<PayeshClaimsFactory>()
    .AddErrorDescriber<PersianIdentityErrors>();
services.ConfigureApplicationCookie(o =>
{
    o.LoginPath = "/Account/Login";
    o.LogoutPath = "/Account/Logout";
    o.AccessDeniedPath = "/Account/Denied";
    o.Cookie.Name = "payesh";
    o.SlidingExpiration = true;
    o.ExpireTimeSpan = TimeSpan.FromHours(10);
    o.Cookie.HttpOnly = true;
    o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
    // Deactivating a user or changing their role renews the security stamp: their sessions end on the next request.
    o.Events.OnValidatePrincipal = SessionCheck.ValidateAsync;
});
services.AddAntiforgery(o => o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
services.AddProxySupport(builder.Configuration);
services.AddLoginLimits(builder.Configuration);
services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));
services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, BearerTokenHandler>(BearerTokens.Scheme, null);
services.AddAuthorization(Access.AddPolicies);

services.AddSingleton<PlanEngines>();
services.AddSingleton<TreeAnswers>();
// After DatabaseStartup: loads the plans' engines while the server answers (/readyz 503 until done).
services.AddSingleton<EngineWarmup>();
services.AddHostedService(sp => sp.GetRequiredService<EngineWarmup>());
services.AddSingleton<Payesh.Web.Features.Account.TokenCache>();
services.AddSingleton<Payesh.Web.Features.Account.BearerTokenCheck>();
services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, Payesh.Web.Features.Account.StampAtCommitAuthorization>();
services.AddSingleton<ReportIngest>();
services.AddHostedService(sp => sp.GetRequiredService<ReportIngest>());
services.AddScoped<PlanQueries>();
services.AddScoped<Payesh.Web.Features.Plans.TreeQueries>();
services.AddScoped<Payesh.Web.Features.Plans.ActionQueries>();
services.AddScoped<Payesh.Web.Features.Plans.ActionCommands>();
services.AddScoped<Payesh.Web.Features.Plans.BaselineQueries>();
services.AddScoped<Payesh.Web.Features.Plans.Edit.AuthoringQueries>();
services.AddScoped<Payesh.Web.Features.Plans.AxisConfidence>();
services.AddScoped<Payesh.Web.Features.Dashboard.DecisionPanel>();
services.AddPdfPages(builder.Configuration);
services.AddScoped<Payesh.Web.Features.Accountability.AccountabilityReports>();
services.AddSingleton<Payesh.Web.Features.Accountability.AccountabilityCache>();
services.AddSingleton<Payesh.Web.Features.Meetings.ProposalCache>();
services.AddScoped<ReportCommands>();
// The report endpoints' answers from source-generated metadata (issue 14 § 2); other types by reflection as before.
services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, ReportsJson.Default));
services.AddScoped<DaySheets>();
services.AddScoped<ReviewQueries>();
services.AddScoped<EvidenceQueries>();
services.AddScoped<SignOffService>();
services.AddScoped<ReportReviews>();
services.AddSingleton<Payesh.Web.Infrastructure.Mail.IMailSender, Payesh.Web.Infrastructure.Mail.SmtpMailSender>();
services.AddScoped<Notifier>();
services.AddScoped<Payesh.Web.Features.Brief.BriefComposer>();
services.AddHostedService<Payesh.Web.Features.Brief.WeeklyBriefJob>();
services.AddHostedService<MissingReportsJob>();
services.AddScoped<ObstacleNotices>();
services.AddScoped<ObstacleCommands>();
services.AddScoped<ResolutionCommands>();
services.AddScoped<MeetingCommands>();
services.AddScoped<AccountabilityService>();
services.AddScoped<ObstacleQueries>();
services.AddScoped<Payesh.Web.Features.Resolutions.ResolutionQueries>();
services.AddScoped<Payesh.Web.Features.Meetings.MeetingQueries>();
services.AddScoped<Payesh.Web.Features.Progress.ProgressQueries>();
services.AddScoped<Payesh.Web.Features.Exports.ExportQueries>();
services.AddScoped<Payesh.Web.Features.Plans.Edit.PlanEditor>();
services.AddScoped<Payesh.Web.Features.Plans.Edit.PlanLifecycle>();
services.AddScoped<Payesh.Web.Features.Plans.Edit.PlanUpdates>();
services.AddScoped<Payesh.Web.Features.Plans.Edit.PlanQualityService>();
services.AddSingleton<Payesh.Web.Features.Plans.Edit.PlanImports>();
// Page-side feature services (issue 10 § 1): the pages are thin adapters over these.
services.AddScoped<Payesh.Web.Features.Dashboard.DashboardQueries>();
services.AddScoped<Payesh.Web.Features.Agencies.AgencyQueries>();
services.AddScoped<Payesh.Web.Features.Audit.AuditQueries>();
services.AddScoped<Payesh.Web.Features.Notifications.NotificationQueries>();
services.AddScoped<Payesh.Web.Features.Notifications.NotificationCommands>();
services.AddScoped<TodayQueries>();
services.AddScoped<SheetQueries>();
services.AddScoped<TodayCommands>();
services.AddScoped<MissingQueries>();
services.AddScoped<MissingCommands>();
services.AddScoped<Payesh.Web.Features.Admin.AdminQueries>();
services.AddScoped<Payesh.Web.Features.Admin.AdminCommands>();
services.AddScoped<Payesh.Web.Features.Admin.Calendar.CalendarQueries>();
services.AddScoped<Payesh.Web.Features.Admin.Calendar.CalendarCommands>();
services.AddRazorPages(o =>
{
    o.RootDirectory = "/Features";
    Access.AddPageRules(o.Conventions);
    PdfPages.AddRoutes(o.Conventions);
}).AddMvcOptions(o =>
{
    PersianBindingMessages.Apply(o.ModelBindingMessageProvider);
    o.ModelBinderProviders.Insert(0, new InputBinderProvider());
    o.Filters.Add(new InputRejectionFilter());
});
services.AddOpenApi("v1", o => o.AddDocumentTransformer((doc, _, _) =>
{
    doc.Info.Title = "Payesh API";
    doc.Info.Description = "پایش — API نسخه ۱ (docs/api.md)";
    return Task.CompletedTask;
}));
services.AddProblemDetails(o => o.CustomizeProblemDetails = ErrorPages.Persian);
// Persian text as characters, not &#x…; references: pages are a third of the size on slow intranets.
services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
    o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
services.Configure<BrotliCompressionProviderOptions>(o => o.Level = System.IO.Compression.CompressionLevel.Optimal);
services.Configure<GzipCompressionProviderOptions>(o => o.Level = System.IO.Compression.CompressionLevel.Optimal);
services.AddResponseCompression(o =>
{
    o.EnableForHttps = true;
    o.Providers.Add<BrotliCompressionProvider>();
    o.Providers.Add<GzipCompressionProvider>();
});
var app = builder.Build();
if (DatabaseCommands.IsRequested(args))
{
    // `dotnet run -- verify-audit | backup FILE | restore FILE` on the configured database instead of serving.
    Environment.ExitCode = await DatabaseCommands.RunAsync(args, app.Services, Console.Out);
    return;
}

app.UseForwardedHeaders();
app.UseSecurityHeaders();
app.UseResponseCompression();
app.UseNoncedScriptsFor("/api/docs");
if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Error");
    app.UseHsts();
}
// API callers get problem+json for unexpected errors too (docs/api.md § conventions), not the HTML error page
// (which, re-executed for a POST, even turned into a 400 from the page's antiforgery check).
app.UseWhen(c => c.Request.Path.StartsWithSegments("/api"), api => api.UseExceptionHandler(e => e.Run(c =>
    Results.Problem(title: "خطای پیش‌بینی‌نشده در سامانه", detail: "درخواست انجام نشد و چیزی ذخیره نشد؛ اگر تکرار شد، به مدیر سامانه خبر دهید.",
        statusCode: StatusCodes.Status500InternalServerError).ExecuteAsync(c))));
// A page request that fails gets a Persian page in the site's layout; the API keeps problem+json (ErrorPages).
app.UseWhen(c => !ErrorPages.IsApi(c), web => web.UseStatusCodePagesWithReExecute("/Error/{0}"));
app.UseWhen(ErrorPages.IsApi, api => api.UseStatusCodePages());
app.UseStaticFiles(new StaticFileOptions
{
    OnPrepareResponse = ctx =>
    {
        if (ctx.Context.Request.Path.StartsWithSegments("/lib"))
            ctx.Context.Response.Headers.CacheControl = "public,max-age=604800";
    },
});
app.UseRouting();
app.UseMiddleware<RequestGuards>();
app.Use((http, next) => LoginLimits.ReadNameAsync(http, () => next(http)));
app.UseRateLimiter();
app.UseAuthentication();
app.UseAuthorization();
// Every write of a request is audited as its signed-in user; no service reads the HTTP context for it.
app.UseAuditActor();
app.UseMiddleware<PdfPages>();

var api = app.MapGroup("/api/v1").RequireAuthorization(new Microsoft.AspNetCore.Authorization.AuthorizeAttribute
{
    AuthenticationSchemes = BearerTokens.Scheme,
}).ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);
api.MapAuthApi();
api.MapPlansApi();
api.MapAxisConfidenceApi();
api.MapReportsApi();
api.MapProgressApi();
api.MapProgressTreeApi();
api.MapObstaclesApi();
api.MapMeetingsApi();
api.MapResolutionsApi();

app.MapOpenApi("/api/openapi/{documentName}.json");
// Fonts from the page's own defaults only: nothing is fetched from outside (the CSP allows none).
app.MapScalarApiReference(SecurityHeaders.ApiReferencePath, o => o.WithTitle("Payesh API").DisableDefaultFonts().WithOpenApiRoutePattern("/api/openapi/{documentName}.json"));
app.MapEvidence();
app.MapExports();
Payesh.Web.Features.Plans.Edit.PlanExcelEndpoints.MapPlanExcel(app);
app.MapOperations();
app.MapRazorPages();

app.Run();

public partial class Program;
