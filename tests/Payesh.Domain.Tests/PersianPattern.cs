namespace Payesh.Domain.Tests;

internal static class PersianPattern
{
    /// <summary>A few Persian letters in a row: the message is written for the user, in Persian.</summary>
    public const string Letters = @"[\u0600-\u06FF]{3,}";
}
