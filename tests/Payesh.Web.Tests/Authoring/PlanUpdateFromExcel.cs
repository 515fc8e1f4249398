using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Payesh.Web.Tests.Admin;
using Payesh.Web.Tests.Infrastructure;
using static Payesh.Web.Tests.Authoring.AuthoringKit;

namespace Payesh.Web.Tests.Authoring;

/// <summary>
/// Issue 11 § 8: an edited export imported back updates the same plan — a preview of added, changed and removed
/// nodes, then apply (an approved plan through a new baseline); a file that is not a workbook, another plan's export
/// and a stale preview change nothing.
/// </summary>
public abstract class PlanUpdateFromExcel(Func<PayeshFactory> app)
{
    private PayeshFactory App => app();

    private static async Task<byte[]> ExportAsync(HttpClient staff, long plan) =>
        await (await staff.GetAsync($"/Plans/{plan}/Export.xlsx")).Content.ReadAsByteArrayAsync();

    /// <summary>Uploads a file on the update page; returns the page with the preview (or the file's errors).</summary>
    private static async Task<string> PreviewAsync(HttpClient staff, long plan, byte[] content, string fileName = "plan.xlsx", string type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    {
        var page = await staff.PageAsync($"/Plans/{plan}/Update");
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(Forms.Field(page, "__RequestVerificationToken")!), "__RequestVerificationToken");
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue(type);
        form.Add(file, "Upload", fileName);
        var answer = await staff.PostAsync($"/Plans/{plan}/Update?handler=Preview", form);
        return await answer.HtmlAsync();
    }

    private static Task<HttpResponseMessage> ApplyAsync(HttpClient staff, long plan, string preview, IDictionary<string, string?>? extra = null)
    {
        var fields = FormFields(preview, "apply-form");
        foreach (var (k, v) in extra ?? new Dictionary<string, string?>()) fields[k] = v;
        return staff.SubmitAsync($"/Plans/{plan}/Update", $"/Plans/{plan}/Update?handler=Apply", fields);
    }

    /// <summary>Rows 2–6 of «بخش‌ها»: S, S1, S2, T, T1. Renames S1, moves T1's end, removes S2 and adds T2 under T.</summary>
    private static byte[] Edited(byte[] export) => Workbooks.Edit(export, "بخش‌ها", p =>
    {
        Workbooks.Set(p, "C3", "اقدام یک با عنوان تازه");
        Workbooks.Set(p, "I6", "1405/10/30");
        foreach (var col in "ABCDEFGHIJKLMNO") Workbooks.Set(p, $"{col}4", "");
        Workbooks.Set(p, "A7", "T2");
        Workbooks.Set(p, "B7", "T");
        Workbooks.Set(p, "C7", "اقدام تازه از اکسل");
        Workbooks.Set(p, "F7", "TAX");
        Workbooks.Set(p, "H7", "1405/03/01");
        Workbooks.Set(p, "I7", "1405/09/30");
        Workbooks.Set(p, "L7", "گزارش");
    });

    [SkippableFact]
    public async Task An_edited_export_previews_its_changes_and_then_updates_the_same_plan()
    {
        var staff = await Browser.SignedInAsync(App, "secretariat");
        var (plan, nodes) = await ApprovablePlanAsync(App, "برنامه به‌روزرسانی از اکسل");
        int plans = await App.InDbAsync(db => db.Plans.CountAsync());

        var preview = await PreviewAsync(staff, plan, Edited(await ExportAsync(staff, plan)));

        Assert.Contains("id=\"preview\"", preview);
        Assert.Contains("data-change=\"added\" data-code=\"T2\"", preview);
        Assert.Contains("data-change=\"changed\" data-code=\"S1\"", preview);
        Assert.Contains("data-change=\"changed\" data-code=\"T1\"", preview);
        Assert.Contains("data-change=\"removed\" data-code=\"S2\"", preview);
        Assert.Contains("۱ افزوده", preview);
        Assert.Contains("۲ تغییر", preview);
        // Nothing is written by the preview.
        Assert.True(await App.InDbAsync(db => db.PlanNodes.AnyAsync(n => n.PlanId == plan && n.Code == "S2")));
        Assert.False(await App.InDbAsync(db => db.PlanNodes.AnyAsync(n => n.PlanId == plan && n.Code == "T2")));

        var done = await staff.FollowAsync(await ApplyAsync(staff, plan, preview), $"/Plans/{plan}/Edit");

        Assert.Contains("برنامه از فایل به‌روز شد: ۱ بخش افزوده، ۲ بخش تغییر کرد، ۱ بخش حذف شد", done);
        Assert.Equal(plans, await App.InDbAsync(db => db.Plans.CountAsync()));
        var stored = await App.InDbAsync(db => db.PlanNodes.Where(n => n.PlanId == plan)
            .Select(n => new { n.Id, n.Code, n.Title, n.EndDate, n.ParentId, Lead = n.LeadAgency!.Code }).ToDictionaryAsync(n => n.Code));
        Assert.Equal(nodes["S1"], stored["S1"].Id); // the same node, not a copy
        Assert.Equal("اقدام یک با عنوان تازه", stored["S1"].Title);
        Assert.Equal(nodes["T1"], stored["T1"].Id);
        Assert.Equal(new DateOnly(2027, 1, 20), stored["T1"].EndDate); // 1405/10/30
        Assert.Equal((nodes["T"], "TAX"), (stored["T2"].ParentId!.Value, stored["T2"].Lead));
        Assert.False(stored.ContainsKey("S2")); // a draft without reports: deleted
        Assert.True(await App.InDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "update-from-excel" && a.EntityId == plan.ToString(CultureInfo.InvariantCulture))));
        // The plan's new export, imported back, changes nothing.
        var again = await PreviewAsync(staff, plan, await ExportAsync(staff, plan));
        Assert.Contains("id=\"no-changes\"", again);
    }

    [SkippableFact]
    public async Task A_file_that_is_not_a_workbook_or_is_another_plans_export_changes_nothing()
    {
        var staff = await Browser.SignedInAsync(App, "secretariat");
        var (plan, _) = await ApprovablePlanAsync(App, "برنامه به‌روزرسانی فایل نادرست");
        var (other, _) = await ApprovablePlanAsync(App, "برنامه دیگر به‌روزرسانی");
        long version = await StructureVersionAsync(App, plan);

        var text = await PreviewAsync(staff, plan, "کد,عنوان\nS1,اقدام"u8.ToArray(), "plan.csv", "text/csv");
        Assert.Contains("این فایل کاربرگ اکسل (.xlsx) نیست", text);
        Assert.DoesNotContain("id=\"apply-form\"", text);

        var foreign = await PreviewAsync(staff, plan, await ExportAsync(staff, other));
        Assert.Contains("این فایل خروجی برنامه دیگری", foreign);
        Assert.DoesNotContain("id=\"apply-form\"", foreign);

        // An apply with a tampered or missing file is refused too.
        var missing = await staff.SubmitAsync($"/Plans/{plan}/Update", $"/Plans/{plan}/Update?handler=Apply",
            new Dictionary<string, string?> { ["Workbook"] = "not base64!", ["Version"] = version.ToString(CultureInfo.InvariantCulture) });
        Assert.Contains("فایل پیش‌نمایش همراه فرم نیامد", await missing.HtmlAsync());
        Assert.Equal(version, await StructureVersionAsync(App, plan));
    }

    [SkippableFact]
    public async Task A_change_to_an_approved_plan_goes_through_a_new_baseline()
    {
        var staff = await Browser.SignedInAsync(App, "secretariat");
        var (plan, nodes) = await ApprovablePlanAsync(App, "برنامه ابلاغ‌شده به‌روزرسانی از اکسل");
        Assert.Equal(HttpStatusCode.Redirect, (await ApproveAsync(staff, plan)).StatusCode);
        var file = Workbooks.Edit(await ExportAsync(staff, plan), "بخش‌ها", p => Workbooks.Set(p, "I3", "1405/06/31"));

        var preview = await PreviewAsync(staff, plan, file);
        Assert.Contains("خط مبنای تازه", preview);

        // Without a reason and decision: the baseline rules' messages, nothing stored.
        var refused = await (await ApplyAsync(staff, plan, preview, new Dictionary<string, string?> { ["Change.Reason"] = "", ["Change.Decision"] = "" })).HtmlAsync();
        Assert.Contains("دلیل این تغییر را بنویسید", refused);
        Assert.Contains("مرجع تصمیم", refused);
        Assert.Equal(new DateOnly(2027, 3, 20), await App.InDbAsync(db => db.PlanNodes.Where(n => n.Id == nodes["S1"]).Select(n => n.EndDate!.Value).SingleAsync()));

        var done = await staff.FollowAsync(await ApplyAsync(staff, plan, refused, new Dictionary<string, string?>
        {
            ["Change.Reason"] = "تمدید به دستور استاندار",
            ["Change.Decision"] = "مصوبه ۹ ستاد",
            ["Change.EffectiveFrom"] = "1405/04/01",
        }), $"/Plans/{plan}/Edit");

        Assert.Contains("خط مبنای ۲ (از ۱۴۰۵/۰۴/۰۱) ثبت شد", done);
        Assert.Equal(new DateOnly(2026, 9, 22), await App.InDbAsync(db => db.PlanNodes.Where(n => n.Id == nodes["S1"]).Select(n => n.EndDate!.Value).SingleAsync()));
        Assert.Equal(2, await App.InDbAsync(db => db.PlanBaselines.CountAsync(b => b.PlanId == plan)));
    }

    [SkippableFact]
    public async Task A_preview_made_stale_by_another_edit_is_shown_again_not_applied()
    {
        var staff = await Browser.SignedInAsync(App, "secretariat");
        var (plan, nodes) = await ApprovablePlanAsync(App, "برنامه پیش‌نمایش کهنه");
        var preview = await PreviewAsync(staff, plan, Edited(await ExportAsync(staff, plan)));
        await staff.FollowAsync(await EditNodeAsync(staff, plan, nodes["T1"], new Dictionary<string, string?> { ["Node.Title"] = "ویرایش هم‌زمان" }));

        var stale = await (await ApplyAsync(staff, plan, preview)).HtmlAsync();

        Assert.Contains("برنامه پس از پیش‌نمایش تغییر کرده است", stale);
        Assert.Contains("id=\"apply-form\"", stale);
        Assert.False(await App.InDbAsync(db => db.PlanNodes.AnyAsync(n => n.PlanId == plan && n.Code == "T2")));
    }
}

public sealed class PlanUpdateFromExcelOnSqlite(SqliteDemoApp app) : PlanUpdateFromExcel(() => app), IClassFixture<SqliteDemoApp>;

public sealed class PlanUpdateFromExcelOnPostgres(PostgresDemoApp app) : PlanUpdateFromExcel(() => app.Factory), IClassFixture<PostgresDemoApp>;
