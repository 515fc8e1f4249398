using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Payesh.Domain.Calendar;
using Payesh.Web.Data.Model;
using Payesh.Web.Features.Account;
using Payesh.Web.Features.Brief;
using Payesh.Web.Tests.Infrastructure;

namespace Payesh.Web.Tests.Brief;

/// <summary>
/// The weekly brief goes out by e-mail once per week however many instances try (a claimed row per week), to the viewers
/// (the governor and HQ members) only, with the brief's subject and every sentence of the brief — received by a fake SMTP
/// server through the real <c>SmtpMailSender</c>.
/// </summary>
public abstract class WeeklyBriefMail(Func<PayeshFactory> app)
{
    private PayeshFactory App => app();

    [SkippableFact]
    public async Task Two_instances_send_the_brief_of_last_week_once_to_the_viewers()
    {
        await using var smtp = new FakeSmtpServer();
        var config = App.Services.GetRequiredService<IConfiguration>();
        config["Payesh:Smtp:Host"] = "127.0.0.1";
        config["Payesh:Smtp:Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        config["Payesh:Smtp:From"] = "payesh@example.ir";
        try
        {
            await App.InDbAsync(db => db.Users.Where(u => u.UserName == "governor")
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.Email, "governor@example.ir").SetProperty(u => u.NormalizedEmail, "GOVERNOR@EXAMPLE.IR")));
            await App.InDbAsync(db => db.Users.Where(u => u.UserName == "smt.manager")
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.Email, "smt@example.ir")));
            var today = TestClock.DefaultToday;
            var week = JalaliWeek.Of(today.AddDays(-7));
            DateOnly from = week.Start.ToDateOnly(), to = week.End.ToDateOnly();
            var plans = await App.InDbAsync(db => db.Plans.Where(p => p.State != PlanState.Draft && p.StartDate <= to && p.EndDate >= from)
                .OrderBy(p => p.Id).Select(p => p.Id).ToListAsync());
            Assert.NotEmpty(plans);

            using (var one = App.Services.CreateScope())
            using (var two = App.Services.CreateScope())
            {
                var runs = await Task.WhenAll(
                    WeeklyBriefJob.RunOnceAsync(one.ServiceProvider, today, CancellationToken.None),
                    WeeklyBriefJob.RunOnceAsync(two.ServiceProvider, today, CancellationToken.None));
                Assert.True(runs.Count(r => r) <= 1, "at most one instance sends");
            }
            using (var again = App.Services.CreateScope())
                Assert.False(await WeeklyBriefJob.RunOnceAsync(again.ServiceProvider, today.AddDays(1), CancellationToken.None));

            // The brief's mails: with SMTP configured other jobs may mail too (a reminder to the agency manager whose address
            // the test set), so the count is of mails to the viewers.
            var received = smtp.Received.Where(m => m.Recipients.Contains("governor@example.ir")).ToList();
            var recorded = await App.InDbAsync(db => db.JobRuns.Where(j => j.Job == WeeklyBriefJob.Name).Select(j => j.Day + " " + j.Instance + ": " + j.Result).ToListAsync());
            Assert.True(plans.Count == received.Count, $"{received.Count} mails for {plans.Count} plans; runs: {string.Join(" | ", recorded)}");
            var viewer = new CurrentUser("test", "test", new HashSet<string> { Roles.Viewer }, null);
            foreach (var plan in plans)
            {
                using var scope = App.Services.CreateScope();
                var brief = (await scope.ServiceProvider.GetRequiredService<BriefComposer>().ComposeAsync(viewer, plan, week.Start.ToString(), CancellationToken.None)).Value!;
                var mail = Assert.Single(received, m => m.Subject == brief.Subject);
                Assert.Equal(["governor@example.ir"], mail.Recipients);
                Assert.Contains(brief.Headline.Text, mail.Body);
                foreach (var sentence in brief.Sections.SelectMany(s => s.Sentences))
                    Assert.Contains(sentence.Text, mail.Body);
                Assert.Contains($"/Brief?plan={plan}&week={week.Start}", mail.Body);
            }
        }
        finally
        {
            config["Payesh:Smtp:Host"] = null;
        }
    }
}

public sealed class WeeklyBriefMailOnSqlite(SqliteDemoApp app) : WeeklyBriefMail(() => app), IClassFixture<SqliteDemoApp>;

public sealed class WeeklyBriefMailOnPostgres(PostgresDemoApp app) : WeeklyBriefMail(() => app.Factory), IClassFixture<PostgresDemoApp>;
