using Microsoft.EntityFrameworkCore;
using Payesh.Domain.Calendar;
using Payesh.Domain.Obstacles;
using Payesh.Web.Data.Model;
using Payesh.Web.Features.Meetings;
using Payesh.Web.Features.Obstacles;
using Payesh.Web.Features.Progress;
using Payesh.Web.Features.Resolutions;

namespace Payesh.Web.Data.Demo;

/// <summary>
/// Demo obstacles, HQ meetings and resolutions for the current-year plan, dated relative to today (so the
/// same every day): obstacles in every state (one escalated, one overdue, one resolved by its deadline,
/// one resolved late), a held meeting with its minutes and four resolutions (one done on time, one overdue,
/// one followed up, one objected to and upheld), and the next meeting with its proposed agenda.
/// Every history goes through the same domain rules as the pages.
/// </summary>
public sealed class DemoObstacles(PayeshDb db, PlanEngines engines, IConfiguration config)
{
    private Dictionary<string, long> _agency = [];
    private Dictionary<string, long> _nodes = [];
    private int _today;
    private const string Staff = "کارشناس دبیرخانه ستاد";

    public async Task<(int Obstacles, int Meetings, int Resolutions)> SeedAsync(long planId, JalaliDate today, CancellationToken ct)
    {
        _today = today.DayNumber;
        _agency = await db.Agencies.AsNoTracking().ToDictionaryAsync(a => a.Code, a => a.Id, ct);
        _nodes = await db.PlanNodes.AsNoTracking().Where(n => n.PlanId == planId).ToDictionaryAsync(n => n.Code, n => n.Id, ct);
        var sec = Actor.Staff;
        Actor Of(string code) => Actor.OfAgency(_agency[code]);
        Actor For(string code) => Actor.Staff with { AgencyId = _agency[code] };

        var bank = Add(planId, "تأخیر در پرداخت تسهیلات سرمایه در گردش به واحدهای شهرک صنعتی شکوهیه",
            "پرونده‌های تسهیلات سرمایه در گردش ۱۲ واحد معرفی‌شده از سامانه بهین‌یاب بیش از چهار ماه در شعب بانک ملی معطل مانده و چند واحد ناچار به کاهش شیفت کاری شده‌اند.",
            ObstacleCategory.BankFinancing, ObstacleSeverity.High, 12, 0, 850_000_000_000,
            [("شرکت صنایع غذایی نوشین قم", "شهرک صنعتی شکوهیه", 85), ("شرکت پارس‌قطعه قم", "شهرک صنعتی شکوهیه", 140)], ["01.01.02"],
            (new(ObstacleStep.Report, _today - 40, Of("SMT")), "کارشناس سازمان صنعت، معدن و تجارت"),
            (new(ObstacleStep.Review, _today - 39, sec, "با مدیریت شعب بانک ملی تماس گرفته شد."), Staff),
            (new(ObstacleStep.Assign, _today - 38, sec, "پرونده‌ها در کمیته اعتباری استان تعیین تکلیف شود.", _agency["BMI"], [_agency["BKC"]], _today + 12), Staff),
            (new(ObstacleStep.Start, _today - 33, Of("BMI"), "پرونده ۵ واحد در کمیته اعتباری مطرح شد؛ ۷ پرونده منتظر تکمیل وثیقه است."), "کارشناس بانک ملی"),
            (new(ObstacleStep.Escalate, _today - 23, sec, "برای تصمیم درباره وثایق جایگزین به جلسه ستاد ارجاع شد.", Level: EscalationLevel.HqMeeting), Staff));

        Add(planId, "عدم استرداد به‌موقع مالیات بر ارزش افزوده صادرکنندگان",
            "استرداد ارزش افزوده ۹ صادرکننده استان بیش از ۹۰ روز معطل مانده و نقدینگی آنان را گرفتار کرده است.",
            ObstacleCategory.Tax, ObstacleSeverity.Medium, 9, 410, 320_000_000_000, [], ["04.03.01"],
            (new(ObstacleStep.Report, _today - 30, For("CCI")), Staff),
            (new(ObstacleStep.Assign, _today - 28, sec, null, _agency["TAX"], null, _today - 5), Staff));

        Add(planId, "قطعی مکرر برق واحدهای شهرک صنعتی محمودآباد در ساعات اوج",
            "در دو ماه گذشته برق شهرک بی‌اطلاع قبلی قطع شده و خط تولید چند واحد آسیب دیده است.",
            ObstacleCategory.Utilities, ObstacleSeverity.Critical, 60, 2400, 0,
            [("شرکت کاشی نگین قم", "شهرک صنعتی محمودآباد", 220), ("شرکت لوله‌سازی البرز", "شهرک صنعتی محمودآباد", 95)], ["09.01.01"],
            (new(ObstacleStep.Report, _today - 36, For("ISP")), Staff),
            (new(ObstacleStep.Assign, _today - 35, sec, "برنامه خاموشی با انجمن صنایع هماهنگ شود.", _agency["ELC"], null, _today - 10), Staff),
            (new(ObstacleStep.Start, _today - 30, Of("ELC"), "پست ۶۳ کیلوولت شهرک در حال تعمیر است."), "کارشناس شرکت توزیع برق"),
            (new(ObstacleStep.Resolve, _today - 12, Of("ELC"), "ترانس دوم پست نصب شد و برنامه خاموشی یک هفته پیش اطلاع داده می‌شود."), "کارشناس شرکت توزیع برق"));

        var customs = Add(planId, "معطلی ترخیص مواد اولیه وارداتی در گمرک منطقه ویژه سلفچگان",
            "نبود کارشناس مقیم استاندارد و قرنطینه، ترخیص مواد اولیه را به‌طور میانگین ۱۱ روز طول داده است.",
            ObstacleCategory.Customs, ObstacleSeverity.High, 18, 950, 410_000_000_000,
            [("شرکت پتروشیمی سلفچگان", "منطقه ویژه اقتصادی سلفچگان", 310)], ["06.01.01", "06.01.02"],
            (new(ObstacleStep.Report, _today - 34, Of("SMT")), "کارشناس سازمان صنعت، معدن و تجارت"),
            (new(ObstacleStep.Assign, _today - 33, sec, null, _agency["CUS"], [_agency["STD"], _agency["SEZ"]], _today + 9), Staff),
            (new(ObstacleStep.Start, _today - 31, Of("CUS"), "مکاتبه با گمرک ایران برای استقرار کارشناس مقیم انجام شد."), "کارشناس گمرک"),
            (new(ObstacleStep.Escalate, _today - 22, sec, "نیازمند هماهنگی در سطح معاون اقتصادی استاندار.", Level: EscalationLevel.DeputyGovernor), Staff));

        Add(planId, "توقیف حساب واحد نساجی به‌دلیل بدهی بیمه‌ای معوق",
            "حساب‌های شرکت به‌دلیل ۱۸ میلیارد ریال بدهی بیمه‌ای توقیف شده و پرداخت حقوق کارگران متوقف مانده است.",
            ObstacleCategory.Insurance, ObstacleSeverity.High, 1, 130, 18_000_000_000,
            [("شرکت نساجی بافت قم", "شهرک صنعتی شکوهیه", 130)], ["05.01.03"],
            (new(ObstacleStep.Report, _today - 8, Of("SMT")), "کارشناس سازمان صنعت، معدن و تجارت"),
            (new(ObstacleStep.Assign, _today - 7, sec, "تقسیط بدهی و رفع توقیف بررسی شود.", _agency["SSO"], null, _today + 10), Staff));

        Add(planId, "نبود مجوز توسعه برای واحدهای فرآوری سنگ ساختمانی",
            "درخواست توسعه ۶ واحد فرآوری سنگ به‌دلیل ابهام در ضوابط زیست‌محیطی یک سال است بی‌پاسخ مانده.",
            ObstacleCategory.Permits, ObstacleSeverity.Medium, 6, 180, 0, [], [],
            (new(ObstacleStep.Report, _today - 4, Of("SMT")), "کارشناس سازمان صنعت، معدن و تجارت"),
            (new(ObstacleStep.Review, _today - 3, sec, "از سازمان محیط زیست استعلام شد."), Staff));

        Add(planId, "کمبود ارز برای واردات قطعات یدکی ماشین‌آلات خطوط تولید",
            "تخصیص ارز ثبت سفارش قطعات یدکی ۲۳ واحد بیش از شش ماه در صف بانک مرکزی مانده است.",
            ObstacleCategory.RawMaterialAndCurrency, ObstacleSeverity.Critical, 23, 1700, 2_100_000_000_000, [], ["07.01.01"],
            (new(ObstacleStep.Report, _today - 50, Of("SMT")), "کارشناس سازمان صنعت، معدن و تجارت"),
            (new(ObstacleStep.Assign, _today - 49, sec, null, _agency["OST"], [_agency["BKC"]], _today + 30), Staff),
            (new(ObstacleStep.Escalate, _today - 45, sec, "تصمیم درباره تخصیص ارز در اختیار ستاد ملی است.", Level: EscalationLevel.NationalHq), Staff),
            (new(ObstacleStep.Start, _today - 40, Of("OST"), "نامه استاندار به ستاد ملی تسهیل ارسال شد."), "کارشناس استانداری"));

        Add(planId, "اختلاف مالکیت زمین واحد لبنی و توقف صدور پروانه بهره‌برداری",
            "ادعای مالکیت شخص ثالث بر بخشی از زمین کارخانه، صدور پروانه بهره‌برداری را متوقف کرده است.",
            ObstacleCategory.LegalAndJudicial, ObstacleSeverity.Medium, 1, 75, 60_000_000_000,
            [("شرکت لبنیات کاله قم", "ناحیه صنعتی سلفچگان", 75)], ["21.01.01"],
            (new(ObstacleStep.Report, _today - 45, Of("SMT")), "کارشناس سازمان صنعت، معدن و تجارت"),
            (new(ObstacleStep.Assign, _today - 44, sec, "در شورای حل اختلاف ویژه تولید رسیدگی شود.", _agency["JUD"], null, _today - 8), Staff),
            (new(ObstacleStep.Resolve, _today - 3, For("JUD"), "رأی به نفع واحد صادر و پروانه بهره‌برداری صادر شد."), Staff));
        await db.SaveChangesAsync(ct);

        // The held meeting, three weeks ago, and its resolutions.
        var held = new Meeting
        {
            Number = 1,
            Title = "جلسه ۱ ستاد تسهیل و رفع موانع تولید استان",
            Date = DateOnly.FromDayNumber(_today - 21),
            Place = "سالن جلسات استانداری قم",
            Attendees = "معاون هماهنگی امور اقتصادی استاندار (رئیس جلسه)\nدبیر ستاد تسهیل و رفع موانع تولید\nرئیس سازمان صنعت، معدن و تجارت\nمدیر شعب بانک ملی استان\nمدیرکل گمرک استان\nمدیرعامل شرکت توزیع برق",
            Minutes = "پس از گزارش دبیر ستاد از وضعیت موانع ارجاعی، درباره تسهیلات واحدهای شهرک شکوهیه، ترخیص مواد اولیه در گمرک سلفچگان و قطعی برق شهرک محمودآباد بحث شد و مصوبات زیر به تصویب رسید.",
            State = MeetingState.Held,
            PlanId = planId,
            CreatedAt = At(_today - 24, 0),
            Agenda =
            [
                new AgendaItem { SortOrder = 1, Kind = AgendaKind.Obstacle, ObstacleId = bank.Id, Text = $"مانع «{bank.Title}»" },
                new AgendaItem { SortOrder = 2, Kind = AgendaKind.Obstacle, ObstacleId = customs.Id, Text = $"مانع «{customs.Title}»" },
                new AgendaItem { SortOrder = 3, Kind = AgendaKind.Other, Text = "گزارش شرکت توزیع برق از قطعی‌های شهرک صنعتی محمودآباد" },
                new AgendaItem { SortOrder = 4, Kind = AgendaKind.Other, Text = "گزارش دبیرخانه از انضباط گزارش‌دهی دستگاه‌ها" },
            ],
        };
        db.Meetings.Add(held);
        await db.SaveChangesAsync(ct);

        int objectionDays = Math.Max(0, config.GetValue("Payesh:ObjectionDays", 15));
        int issued = _today - 21;
        AddResolution(held, 1, "بانک ملی پرونده تسهیلات سرمایه در گردش ۱۲ واحد شهرک صنعتی شکوهیه را با پذیرش وثایق جایگزین در کمیته اعتباری استان تعیین تکلیف کند.",
            "BMI", _today - 6, objectionDays, [bank.Id], ["01.01.02"],
            (new(ResolutionStep.Issue, issued, sec), Staff),
            (new(ResolutionStep.FollowUp, _today - 10, Of("BMI"), "پرونده ۵ واحد تصویب شد؛ ۷ پرونده منتظر ارزیابی وثیقه است."), "کارشناس بانک ملی"));
        AddResolution(held, 2, "گمرک استان با استقرار کارشناس مقیم استاندارد و قرنطینه در منطقه ویژه سلفچگان، ترخیص مواد اولیه واحدهای تولیدی را حداکثر ظرف ۷۲ ساعت انجام دهد.",
            "CUS", _today + 9, objectionDays, [customs.Id], ["06.01.02"],
            (new(ResolutionStep.Issue, issued, sec), Staff),
            (new(ResolutionStep.FollowUp, _today - 5, Of("CUS"), "کارشناس استاندارد مستقر شد؛ حکم کارشناس قرنطینه در دست صدور است."), "کارشناس گمرک"));
        AddResolution(held, 3, "شرکت توزیع برق برنامه خاموشی شهرک صنعتی محمودآباد را دست‌کم یک هفته پیش به انجمن صنایع اعلام کند و ترانس دوم پست شهرک را نصب کند.",
            "ELC", _today - 10, objectionDays, [], ["09.01.01"],
            (new(ResolutionStep.Issue, issued, sec), Staff),
            (new(ResolutionStep.Done, _today - 12, Of("ELC"), "ترانس دوم نصب و برنامه خاموشی اعلام شد."), "کارشناس شرکت توزیع برق"),
            (new(ResolutionStep.ConfirmDone, _today - 11, sec, "بازدید دبیرخانه: ترانس نصب و برق‌دار شده است."), Staff));
        AddResolution(held, 4, "اداره کل امور مالیاتی استرداد ارزش افزوده صادرکنندگان دارای پرونده کامل را ظرف ۲۰ روز انجام دهد.",
            "TAX", _today + 20, objectionDays, [], ["04.03.01"],
            (new(ResolutionStep.Issue, issued, sec), Staff),
            (new(ResolutionStep.Object, _today - 19, Of("TAX"), "استرداد از محل اعتبارات ملی است و در اختیار اداره کل استان نیست."), "کارشناس اداره کل امور مالیاتی"),
            (new(ResolutionStep.RejectObjection, _today - 17, sec, "پیگیری تخصیص از سازمان امور مالیاتی کشور بر عهده اداره کل است."), Staff));
        await db.SaveChangesAsync(ct);

        // The next meeting, in a week, with the stocktake of today as its proposed agenda.
        var proposal = await AgendaProposal.ProposeAsync(db, engines, config, today, ct);
        db.Meetings.Add(new Meeting
        {
            Number = 2,
            Title = "جلسه ۲ ستاد تسهیل و رفع موانع تولید استان",
            Date = DateOnly.FromDayNumber(_today + 7),
            Place = "سالن جلسات استانداری قم",
            Attendees = held.Attendees,
            State = MeetingState.Planned,
            PlanId = proposal.PlanId,
            CreatedAt = At(_today - 1, 0),
            Agenda = proposal.Items,
        });
        await db.SaveChangesAsync(ct);
        return (8, 2, 4);
    }

    private Obstacle Add(long planId, string title, string description, ObstacleCategory category, ObstacleSeverity severity,
        int units, int jobs, long amount, (string Name, string Location, int Employees)[] unitRows, string[] nodes,
        params (ObstacleEvent Event, string Name)[] history)
    {
        var file = ObstacleFile.Replay(history.Select(h => h.Event));
        var first = history[0].Event;
        var o = new Obstacle
        {
            Title = title,
            Description = description,
            Category = category,
            Severity = severity,
            UnitsAffected = Math.Max(units, unitRows.Length),
            JobsAtRisk = jobs > 0 ? jobs : unitRows.Sum(u => u.Employees),
            AmountBlocked = amount,
            PlanId = planId,
            ReporterAgencyId = first.By.AgencyId,
            ReportedByName = history[0].Name,
            ReportedOn = DateOnly.FromDayNumber(first.Day),
            ReportedAt = At(first.Day, 0),
            Units = [.. unitRows.Select((u, i) => new ObstacleUnit { SortOrder = i, Name = u.Name, Location = u.Location, Employees = u.Employees })],
            Nodes = [.. nodes.Where(_nodes.ContainsKey).Select(c => new ObstacleNode { NodeId = _nodes[c] })],
            Events = [.. history.Select((h, i) => new ObstacleEventRow
            {
                Step = h.Event.Step,
                Day = DateOnly.FromDayNumber(h.Event.Day),
                At = At(h.Event.Day, i),
                ActorName = h.Name,
                ActorRole = h.Event.By.Role,
                ActorAgencyId = h.Event.By.AgencyId,
                Note = h.Event.Note,
                LeadAgencyId = h.Event.Step == ObstacleStep.Assign ? h.Event.LeadAgency : null,
                OtherAgencyIds = h.Event.Step == ObstacleStep.Assign && h.Event.OtherAgencies is { Count: > 0 } others ? string.Join(",", others) : null,
                Deadline = h.Event.Step == ObstacleStep.Assign && h.Event.Deadline is { } d ? DateOnly.FromDayNumber(d) : null,
                Level = h.Event.Step == ObstacleStep.Escalate ? h.Event.Level : EscalationLevel.None,
            })],
            OtherAgencies = [.. file.OtherAgencies.Select(a => new ObstacleAgency { AgencyId = a })],
        };
        ObstacleCommands.Project(file, o);
        db.Obstacles.Add(o);
        return o;
    }

    private void AddResolution(Meeting meeting, int seq, string text, string agency, int deadline, int objectionDays, long[] obstacles, string[] nodes,
        params (ResolutionEvent Event, string Name)[] history)
    {
        long agencyId = _agency[agency];
        var file = ResolutionFile.Replay(agencyId, deadline, objectionDays, history.Select(h => h.Event));
        db.Resolutions.Add(new Resolution
        {
            MeetingId = meeting.Id,
            Seq = seq,
            Text = text,
            AgencyId = agencyId,
            IssuedOn = DateOnly.FromDayNumber(file.IssuedDay),
            Deadline = DateOnly.FromDayNumber(deadline),
            ObjectionDays = objectionDays,
            ObjectionUntil = DateOnly.FromDayNumber(file.ObjectionUntil),
            Stage = ResolutionCommands.StageOf(file),
            DoneOn = file.DoneDay is { } d ? DateOnly.FromDayNumber(d) : null,
            Obstacles = [.. obstacles.Select(id => new ResolutionObstacle { ObstacleId = id })],
            Nodes = [.. nodes.Where(_nodes.ContainsKey).Select(c => new ResolutionNode { NodeId = _nodes[c] })],
            Events = [.. history.Select((h, i) => new ResolutionEventRow
            {
                Step = h.Event.Step,
                Day = DateOnly.FromDayNumber(h.Event.Day),
                At = At(h.Event.Day, i + 10),
                ActorName = h.Name,
                ActorRole = h.Event.By.Role,
                ActorAgencyId = h.Event.By.AgencyId,
                Note = h.Event.Note,
            })],
        });
    }

    /// <summary>Office hours in Tehran on a day, a few minutes apart per step.</summary>
    private static DateTimeOffset At(int day, int step) =>
        new DateTimeOffset(DateOnly.FromDayNumber(day).ToDateTime(new TimeOnly(9, 30)).AddMinutes(17 * step), TimeSpan.FromHours(3.5)).ToUniversalTime();
}
