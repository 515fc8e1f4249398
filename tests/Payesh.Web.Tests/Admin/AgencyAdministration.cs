using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Payesh.Domain.Plans;
using Payesh.Web.Data.Model;
using Payesh.Web.Tests.Infrastructure;

namespace Payesh.Web.Tests.Admin;

/// <summary>The admin adds, edits, deactivates and reactivates agencies; stale edits never overwrite.</summary>
public abstract class AgencyAdministration(Func<PayeshFactory> app)
{
    private PayeshFactory App => app();

    private Task<AgencyRow?> AgencyAsync(string code) =>
        App.InDbAsync(db => db.Agencies.AsNoTracking().FirstOrDefaultAsync(a => a.Code == code));

    private async Task<long> CreateAsync(HttpClient admin, string code, string name = "اداره کل آزمون")
    {
        var answer = await admin.SubmitAsync("/Admin/Agencies/Edit", new Dictionary<string, string?>
        {
            ["Input.Code"] = code,
            ["Input.Name"] = name,
            ["Input.Kind"] = nameof(AgencyKind.Government),
            ["Input.Version"] = "0",
        });
        await admin.FollowAsync(answer, "/Admin/Agencies");
        return (await AgencyAsync(code.Trim().ToUpperInvariant()))!.Id;
    }

    [SkippableFact]
    public async Task Admin_adds_an_agency_with_an_upper_case_code_and_a_normalized_name()
    {
        var admin = await Browser.SignedInAsync(App);
        var code = Forms.Unique("edu");

        var answer = await admin.SubmitAsync("/Admin/Agencies/Edit", new Dictionary<string, string?>
        {
            ["Input.Code"] = $"  {code} ",
            // Arabic kaf and yeh, doubled spaces: stored in Persian form.
            ["Input.Name"] = "اداره  كل آموزش و پرورش استان قم ي",
            ["Input.Kind"] = nameof(AgencyKind.Government),
        });
        var list = await admin.FollowAsync(answer, "/Admin/Agencies");

        var row = await AgencyAsync(code.ToUpperInvariant());
        Assert.NotNull(row);
        Assert.Equal("اداره کل آموزش و پرورش استان قم ی", row.Name);
        Assert.Equal(AgencyKind.Government, row.Kind);
        Assert.True(row.IsActive);
        Assert.Contains("اداره کل آموزش و پرورش استان قم ی", list);
        var audit = await App.InDbAsync(db => db.AuditEntries.AsNoTracking()
            .SingleAsync(e => e.EntityType == "Agency" && e.EntityId == row.Id.ToString(CultureInfo.InvariantCulture)));
        Assert.Equal(("create", "admin"), (audit.Action, audit.UserName));
    }

    [SkippableFact]
    public async Task Bad_agency_input_changes_nothing_and_keeps_what_was_typed()
    {
        var admin = await Browser.SignedInAsync(App);
        int before = await App.InDbAsync(db => db.Agencies.CountAsync());

        var persianCode = await (await admin.SubmitAsync("/Admin/Agencies/Edit", new Dictionary<string, string?>
        {
            ["Input.Code"] = "آموزش",
            ["Input.Name"] = "نام نگه‌داشته‌شده",
            ["Input.Kind"] = nameof(AgencyKind.Bank),
        })).HtmlAsync();
        var missing = await (await admin.SubmitAsync("/Admin/Agencies/Edit", new Dictionary<string, string?>
        {
            ["Input.Code"] = "",
            ["Input.Name"] = "",
            ["Input.Kind"] = "",
        })).HtmlAsync();
        var duplicate = await (await admin.SubmitAsync("/Admin/Agencies/Edit", new Dictionary<string, string?>
        {
            ["Input.Code"] = "smt",
            ["Input.Name"] = "سازمان تکراری",
            ["Input.Kind"] = nameof(AgencyKind.Government),
        })).HtmlAsync();
        var badKind = await (await admin.SubmitAsync("/Admin/Agencies/Edit", new Dictionary<string, string?>
        {
            ["Input.Code"] = "KND",
            ["Input.Name"] = "نوع نادرست",
            ["Input.Kind"] = "Spaceship",
        })).HtmlAsync();

        Assert.Contains("کد دستگاه تا ۲۰ نویسه از حروف لاتین", persianCode);
        Assert.Equal("آموزش", Forms.Field(persianCode, "Input.Code"));
        Assert.Equal("نام نگه‌داشته‌شده", Forms.Field(persianCode, "Input.Name"));
        Assert.Contains("کد دستگاه را وارد کنید.", missing);
        Assert.Contains("نام دستگاه را وارد کنید.", missing);
        Assert.Contains("نوع دستگاه را انتخاب کنید.", missing);
        Assert.Contains("کد «SMT» پیش‌تر برای", duplicate);
        Assert.Equal("سازمان تکراری", Forms.Field(duplicate, "Input.Name"));
        Assert.Contains("نوع دستگاه نامعتبر است.", badKind);
        Assert.Equal(before, await App.InDbAsync(db => db.Agencies.CountAsync()));
    }

    [SkippableFact]
    public async Task Admin_deactivates_and_reactivates_an_agency()
    {
        var admin = await Browser.SignedInAsync(App);
        var code = Forms.Unique("OFF");
        long id = await CreateAsync(admin, code);
        var page = await admin.PageAsync($"/Admin/Agencies/Edit/{id}");
        var version = (await AgencyAsync(code.ToUpperInvariant()))!.Version;

        var off = await admin.SubmitAsync($"/Admin/Agencies/Edit/{id}", $"/Admin/Agencies/Edit/{id}?handler=Active",
            new Dictionary<string, string?> { ["active"] = "false", ["version"] = version.ToString(CultureInfo.InvariantCulture) });
        var afterOff = await admin.FollowAsync(off, $"/Admin/Agencies/Edit/{id}");
        var stored = await AgencyAsync(code.ToUpperInvariant());
        Assert.False(stored!.IsActive);
        Assert.Equal(version + 1, stored.Version);
        Assert.Contains("غیرفعال شد", afterOff);
        // An inactive agency is not offered to new users.
        Assert.DoesNotContain($"value=\"{id}\"", await admin.PageAsync("/Admin/Users/Create"));

        var on = await admin.SubmitAsync($"/Admin/Agencies/Edit/{id}", $"/Admin/Agencies/Edit/{id}?handler=Active",
            new Dictionary<string, string?> { ["active"] = "true", ["version"] = stored.Version.ToString(CultureInfo.InvariantCulture) });
        await admin.FollowAsync(on, $"/Admin/Agencies/Edit/{id}");
        Assert.True((await AgencyAsync(code.ToUpperInvariant()))!.IsActive);
        Assert.Contains("غیرفعال کردن", page);
    }

    [SkippableFact]
    public async Task A_stale_edit_of_an_agency_gets_the_conflict_message_and_does_not_overwrite()
    {
        var first = await Browser.SignedInAsync(App);
        var second = await Browser.SignedInAsync(App);
        var code = Forms.Unique("CNC");
        long id = await CreateAsync(first, code, "نام نخست");
        string url = $"/Admin/Agencies/Edit/{id}";
        // Both open the form at the same version.
        var version = Forms.Field(await first.PageAsync(url), "Input.Version");
        Assert.Equal(version, Forms.Field(await second.PageAsync(url), "Input.Version"));

        var saved = await first.SubmitAsync(url, new Dictionary<string, string?>
        {
            ["Input.Code"] = code,
            ["Input.Name"] = "نام کاربر یکم",
            ["Input.Kind"] = nameof(AgencyKind.Bank),
            ["Input.Version"] = version,
        });
        await first.FollowAsync(saved, "/Admin/Agencies");
        var stale = await (await second.SubmitAsync(url, new Dictionary<string, string?>
        {
            ["Input.Code"] = code,
            ["Input.Name"] = "نام کاربر دوم",
            ["Input.Kind"] = nameof(AgencyKind.Insurance),
            ["Input.Version"] = version,
        })).HtmlAsync();

        Assert.Contains(Forms.Conflict, stale);
        var stored = await AgencyAsync(code.ToUpperInvariant());
        Assert.Equal("نام کاربر یکم", stored!.Name);
        Assert.Equal(AgencyKind.Bank, stored.Kind);
        // The second user's input is kept, the current value is shown beside it, and the form now carries the new version.
        Assert.Equal("نام کاربر دوم", Forms.Field(stale, "Input.Name"));
        Assert.Contains("مقدار کنونی: نام کاربر یکم", stale);
        Assert.Equal(stored.Version.ToString(CultureInfo.InvariantCulture), Forms.Field(stale, "Input.Version"));

        // Saving again, knowingly, after seeing the other change, works.
        var again = await second.SubmitAsync(url, new Dictionary<string, string?>
        {
            ["Input.Code"] = code,
            ["Input.Name"] = "نام کاربر دوم",
            ["Input.Kind"] = nameof(AgencyKind.Insurance),
            ["Input.Version"] = Forms.Field(stale, "Input.Version"),
        });
        await second.FollowAsync(again, "/Admin/Agencies");
        Assert.Equal("نام کاربر دوم", (await AgencyAsync(code.ToUpperInvariant()))!.Name);
    }

    [SkippableFact]
    public async Task A_stale_deactivation_changes_nothing()
    {
        var admin = await Browser.SignedInAsync(App);
        var code = Forms.Unique("STL");
        long id = await CreateAsync(admin, code);
        var stale = (await AgencyAsync(code.ToUpperInvariant()))!.Version;
        var edit = await admin.SubmitAsync($"/Admin/Agencies/Edit/{id}", new Dictionary<string, string?>
        {
            ["Input.Code"] = code,
            ["Input.Name"] = "نام تازه",
            ["Input.Kind"] = nameof(AgencyKind.Other),
            ["Input.Version"] = stale.ToString(CultureInfo.InvariantCulture),
        });
        await admin.FollowAsync(edit, "/Admin/Agencies");

        var answer = await (await admin.SubmitAsync($"/Admin/Agencies/Edit/{id}", $"/Admin/Agencies/Edit/{id}?handler=Active",
            new Dictionary<string, string?> { ["active"] = "false", ["version"] = stale.ToString(CultureInfo.InvariantCulture) })).HtmlAsync();

        Assert.Contains(Forms.Conflict, answer);
        Assert.True((await AgencyAsync(code.ToUpperInvariant()))!.IsActive);
    }
}

public sealed class AgencyAdministrationOnSqlite(SqliteDemoApp app) : AgencyAdministration(() => app), IClassFixture<SqliteDemoApp>;

public sealed class AgencyAdministrationOnPostgres(PostgresDemoApp app) : AgencyAdministration(() => app.Factory), IClassFixture<PostgresDemoApp>;
