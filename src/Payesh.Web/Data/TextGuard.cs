using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Payesh.Domain.Text;
using Payesh.Web.Data.Model;
using Payesh.Web.Infrastructure.Input;

namespace Payesh.Web.Data;

/// <summary>
/// The last check before the database (issue 13): no saved text is longer than its column (the lengths of
/// <see cref="FieldLimits"/>) or holds a character the input rule removes. Whatever path a value came by,
/// SQLite and PostgreSQL then answer the same Persian 422 instead of storing it (SQLite) or failing (PostgreSQL).
/// Writes that bypass the change tracker (the report ingest's plain inserts) check the same limits themselves.
/// </summary>
public sealed class TextGuard : SaveChangesInterceptor
{
    public static readonly TextGuard Instance = new();

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is { } db) Check(db);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } db) Check(db);
        return ValueTask.FromResult(result);
    }

    public static void Check(DbContext db)
    {
        foreach (var entry in db.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified)) continue;
            foreach (var p in entry.Properties)
            {
                if (p.Metadata.ClrType != typeof(string) || p.CurrentValue is not string value) continue;
                if (entry.State == EntityState.Modified && !p.IsModified) continue;
                var field = FieldLimits.Find(EntityNames.Of(entry.Metadata.ClrType), p.Metadata.Name);
                var label = field?.Label ?? p.Metadata.Name;
                if (p.Metadata.GetMaxLength() is { } max && value.Length > max)
                    throw new InputRejectedException(label, FieldLimits.TooLong(label, max));
                if (HasForbidden(value))
                    throw new InputRejectedException(label, $"«{label}» نویسه‌ای دارد که پذیرفته نیست (نویسه کنترلی، NUL یا نشانه جهت‌دهی).");
            }
        }
    }

    /// <summary>A character the input rule removes; tabs and line breaks are judged by the forms, not here.</summary>
    public static bool HasForbidden(string value)
    {
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            if (c is '\t' or '\n' or '\r') continue;
            if (InputText.IsForbidden(c)) return true;
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1])) { i++; continue; }
            if (char.IsSurrogate(c)) return true;
        }
        return false;
    }
}
