namespace Payesh.Web.Infrastructure;

/// <summary>The body of a 201 answer that names what was created: <c>{"id": 7}</c> (docs/api.md).</summary>
public sealed record CreatedId(long Id);
