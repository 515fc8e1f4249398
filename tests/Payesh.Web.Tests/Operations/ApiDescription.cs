using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Payesh.Web.Tests.Infrastructure;

namespace Payesh.Web.Tests.Operations;

/// <summary>
/// The OpenAPI document describes every /api/v1 operation (issue 10 § 1: named handlers returning TypedResults): its
/// success answer with a schema that has a shape, and its failures as problem+json. A handler returning an untyped
/// <c>IResult</c> (or an anonymous object) has no described success body and fails here.
/// </summary>
public abstract class ApiDescription(Func<PayeshFactory> app)
{
    private PayeshFactory App => app();

    private static readonly string[] Methods = ["get", "post", "put", "delete", "patch"];

    [SkippableFact]
    public async Task Every_api_operation_declares_its_success_body_and_its_problems()
    {
        var response = await App.CreateClient().GetAsync("/api/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var doc = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var schemas = doc["components"]?["schemas"]?.AsObject();
        var faults = new List<string>();
        int operations = 0;
        foreach (var (path, item) in doc["paths"]!.AsObject())
        {
            if (!path.StartsWith("/api/v1/", StringComparison.Ordinal)) continue;
            foreach (var method in Methods)
            {
                if (item![method] is not JsonObject op) continue;
                operations++;
                var name = $"{method.ToUpperInvariant()} {path}";
                var responses = op["responses"]?.AsObject() ?? [];
                var success = responses.Where(r => r.Key.StartsWith('2')).ToList();
                if (success.Count == 0) faults.Add($"{name}: no 2xx answer");
                foreach (var (status, answer) in success)
                {
                    var content = answer?["content"]?.AsObject();
                    if (content is null || content.Count == 0) faults.Add($"{name} {status}: no content");
                    else if (!content.Any(c => HasShape(c.Value?["schema"], schemas)))
                        faults.Add($"{name} {status}: no schema with a shape in {string.Join(", ", content.Select(c => c.Key))}");
                }
                foreach (var (status, answer) in responses.Where(r => r.Key[0] is '4' or '5'))
                    if (answer?["content"]?["application/problem+json"]?["schema"] is null)
                        faults.Add($"{name} {status}: not described as problem+json");
                if (!responses.ContainsKey("401")) faults.Add($"{name}: 401 not declared");
                if (path.Contains('{') && !responses.ContainsKey("404")) faults.Add($"{name}: has a path parameter but no 404");
                if (method is "post" or "put")
                {
                    if (op["requestBody"]?["content"]?["application/json"]?["schema"] is not { } body || !HasShape(body, schemas))
                        faults.Add($"{name}: request body not described");
                    else if (!responses.ContainsKey("415") || !responses.ContainsKey("422"))
                        faults.Add($"{name}: a JSON body but no 415/422");
                }
            }
        }

        Assert.True(faults.Count == 0, string.Join("\n", faults));
        // Every /api/v1 endpoint is in the document (none left out of the description).
        int registered = App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Count(e => e.RoutePattern.RawText?.StartsWith("/api/v1/", StringComparison.Ordinal) == true);
        Assert.Equal(registered, operations);
        Assert.True(operations >= 30, $"only {operations} operations described");
    }

    /// <summary>The success answer of a typed handler: a described object (with properties), an array of something
    /// described, or a plain type (string for CSV); not the empty schema of an untyped result.</summary>
    private static bool HasShape(JsonNode? schema, JsonObject? schemas, int depth = 0)
    {
        if (schema is not JsonObject s || depth > 8) return false;
        if (s["$ref"] is JsonValue r)
        {
            var id = ((string)r!).Split('/')[^1];
            return schemas?[id] is { } target && (target["properties"] is JsonObject { Count: > 0 } || HasShape(target, schemas, depth + 1));
        }
        if (s["properties"] is JsonObject { Count: > 0 }) return true;
        if (s["items"] is { } items) return HasShape(items, schemas, depth + 1);
        if (s["additionalProperties"] is { } values) return HasShape(values, schemas, depth + 1);
        if (s["anyOf"] is JsonArray any) return any.Any(x => HasShape(x, schemas, depth + 1));
        if (s["oneOf"] is JsonArray one) return one.Any(x => HasShape(x, schemas, depth + 1));
        return s["type"] is JsonValue t && (string?)t is "string" or "integer" or "number" or "boolean";
    }
}

public sealed class ApiDescriptionOnSqlite(SqliteDemoApp app) : ApiDescription(() => app), IClassFixture<SqliteDemoApp>;

public sealed class ApiDescriptionOnPostgres(PostgresDemoApp app) : ApiDescription(() => app.Factory), IClassFixture<PostgresDemoApp>;
