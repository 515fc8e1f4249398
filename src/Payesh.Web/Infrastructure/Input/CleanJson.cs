using System.Text.Json;
using System.Text.Json.Serialization;
using Payesh.Domain.Text;

namespace Payesh.Web.Infrastructure.Input;

/// <summary>
/// The input rule for JSON bodies (issue 13): every string read is cleaned by <see cref="InputText.Clean"/> and none
/// is longer than <see cref="FieldLimits.LongestValue"/>; every number is finite. A refusal is a JsonException that
/// <see cref="ApiInput.ReadBodyAsync{T}"/> turns into a 422 naming the JSON path.
/// </summary>
public static class CleanJson
{
    /// <summary>Marks our own refusals so that their Persian message is shown instead of the generic one.</summary>
    public const string RefusalKey = "payesh:refusal";

    public static JsonException Refusal(string message)
    {
        var ex = new JsonException(message);
        ex.Data[RefusalKey] = true;
        return ex;
    }

    public static void AddTo(JsonSerializerOptions options)
    {
        options.Converters.Add(new StringConverter());
        options.Converters.Add(new DoubleConverter());
        options.Converters.Add(new SingleConverter());
    }

    private sealed class StringConverter : JsonConverter<string>
    {
        public override bool HandleNull => false;

        public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.String) throw new JsonException();
            // Refused before the value is materialised: a 512 KB title costs no 1 MB string.
            long length = reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;
            if (length > FieldLimits.LongestValue * 6L || (length > FieldLimits.LongestValue && reader.GetString()!.Length > FieldLimits.LongestValue))
                throw Refusal(FieldLimits.TooLong("این مقدار", FieldLimits.LongestValue));
            return InputText.Clean(reader.GetString());
        }

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);

        public override string ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            InputText.Clean(reader.GetString()) ?? "";

        public override void WriteAsPropertyName(Utf8JsonWriter writer, string value, JsonSerializerOptions options) =>
            writer.WritePropertyName(value);
    }

    private const string NotFinite = "عدد باید متناهی باشد (NaN و بی‌نهایت پذیرفته نیست).";

    private sealed class DoubleConverter : JsonConverter<double>
    {
        public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            double value;
            if (reader.TokenType == JsonTokenType.String)
            {
                if (!double.TryParse(PersianText.ToLatinDigits(reader.GetString() ?? ""), System.Globalization.NumberStyles.Float,
                        System.Globalization.CultureInfo.InvariantCulture, out value)) throw new JsonException();
            }
            else if (reader.TokenType != JsonTokenType.Number || !reader.TryGetDouble(out value)) throw new JsonException();
            if (!double.IsFinite(value)) throw Refusal(NotFinite);
            return value;
        }

        public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options) => writer.WriteNumberValue(value);
    }

    private sealed class SingleConverter : JsonConverter<float>
    {
        public override float Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            double value = new DoubleConverter().Read(ref reader, typeof(double), options);
            if (!float.IsFinite((float)value)) throw Refusal(NotFinite);
            return (float)value;
        }

        public override void Write(Utf8JsonWriter writer, float value, JsonSerializerOptions options) => writer.WriteNumberValue(value);
    }
}
