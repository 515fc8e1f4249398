using Microsoft.EntityFrameworkCore;
using Payesh.Domain.Text;
using Payesh.Web.Data.Model;

namespace Payesh.Web.Data;

/// <summary>Column lengths of the stored text fields come from the one table, <see cref="FieldLimits.All"/>.</summary>
public static class FieldLengths
{
    public static void Apply(ModelBuilder b)
    {
        foreach (var field in FieldLimits.All)
        {
            var entity = b.Model.GetEntityTypes().SingleOrDefault(t => EntityNames.Of(t.ClrType) == field.Entity)
                ?? throw new InvalidOperationException($"FieldLimits names an unknown entity {field.Entity}.");
            var property = entity.FindProperty(field.Property)
                ?? throw new InvalidOperationException($"FieldLimits names an unknown property {field.Entity}.{field.Property}.");
            property.SetMaxLength(field.MaxLength);
        }
    }
}
