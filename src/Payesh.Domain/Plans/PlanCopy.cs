using System.Globalization;
using Payesh.Domain.Calendar;
using Payesh.Domain.Text;

namespace Payesh.Domain.Plans;

/// <summary>A plan carried over to another Jalali year.</summary>
public static class PlanCopy
{
    /// <summary>
    /// The same plan in another Jalali year: every date (plan, actions, milestones, requirement deadlines) keeps
    /// its month and day, the 30th of Esfand becoming the 29th in a common year. The title's year is replaced,
    /// or the year appended. Progress is not part of a plan, so nothing of it is carried.
    /// </summary>
    public static Plan ToYear(Plan plan, int year, string? title = null)
    {
        if (year < JalaliDate.MinYear || year > JalaliDate.MaxYear) throw new DomainException("سال برنامه نامعتبر است.");
        int shift = year - plan.Year;
        JalaliDate Move(JalaliDate d)
        {
            var (y, m, day) = d.Split();
            int ny = y + shift;
            return new JalaliDate(ny, m, Math.Min(day, JalaliDate.DaysInMonth(ny, m)));
        }
        PlanNode MoveNode(PlanNode n) => n with
        {
            Children = [.. n.Children.Select(MoveNode)],
            Requirements = [.. n.Requirements.Select(r => r with { Deadline = r.Deadline is { } d ? Move(d) : null })],
            Action = n.Action is { } a
                ? a with { Start = Move(a.Start), End = Move(a.End), Milestones = [.. a.Milestones.Select(m => m with { Day = Move(m.Day) })] }
                : null,
        };
        if (title is null)
        {
            var replaced = plan.Title.Replace(PersianText.ToPersianDigits(plan.Year), PersianText.ToPersianDigits(year));
            title = replaced == plan.Title ? $"{plan.Title} — {PersianText.ToPersianDigits(year)}" : replaced;
        }
        return plan with
        {
            Title = title,
            Year = year,
            Start = Move(plan.Start),
            End = Move(plan.End),
            Nodes = [.. plan.Nodes.Select(MoveNode)],
        };
    }
}
