namespace Payesh.Domain;

/// <summary>A broken domain rule. <see cref="Exception.Message"/> is Persian and meant for the user.</summary>
public sealed class DomainException(string message, string? path = null) : Exception(message)
{
    /// <summary>Where in the input the problem is (e.g. <c>nodes[0].end</c>), when known.</summary>
    public string? Path { get; } = path;
}
