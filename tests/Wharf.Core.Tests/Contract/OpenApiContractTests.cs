using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Wharf.Testing.Contract;
using Xunit;
using Xunit.Sdk;

namespace Wharf.Core.Tests.Contract;

// The validator is only worth trusting if it rejects what GitHub's spec rejects; the bodies here are GitHub's own
// examples, read from the spec and then broken one field at a time.
public sealed class OpenApiContractTests
{
    private const string Json = "application/json; charset=utf-8";
    private const string OrgPackage = "/orgs/{org}/packages/{package_type}/{package_name}";
    private const string UserPackage = "/users/{username}/packages/{package_type}/{package_name}";
    private const string OrgVersions = "/orgs/{org}/packages/{package_type}/{package_name}/versions";
    private const string UserVersions = "/users/{username}/packages/{package_type}/{package_name}/versions";
    private const string OrgVersion = "/orgs/{org}/packages/{package_type}/{package_name}/versions/{package_version_id}";
    private const string GitHubError =
        """{"message":"Package not found.","documentation_url":"https://docs.github.com/rest/packages/packages","status":"404"}""";

    public static TheoryData<string, string> OperationsWithExamples()
    {
        var data = new TheoryData<string, string>();
        foreach (var operation in OpenApiContract.Document.Operations.Where(o => o.FindResponse(200) is { HasBody: true }))
        {
            data.Add(operation.Method, operation.PathTemplate);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(OperationsWithExamples))]
    public void Every_example_validates_against_its_operations_200_schema(string method, string pathTemplate)
    {
        var examples = OpenApiContract.GetOperation(method, pathTemplate).FindResponse(200)!.Examples();

        Assert.NotEmpty(examples);
        foreach (var example in examples)
        {
            OpenApiContract.AssertResponse(method, pathTemplate, 200, example.GetRawText(), Json);
        }
    }

    [Fact]
    public void The_spec_is_read_from_docs_reference_with_all_27_operations()
    {
        Assert.EndsWith(Path.Combine("docs", "reference", "github-packages.openapi.json"), OpenApiContract.Document.Path, StringComparison.Ordinal);
        Assert.Equal(27, OpenApiContract.Document.Operations.Count);
        Assert.Equal(15, OperationsWithExamples().Count);
    }

    [Fact]
    public void An_error_body_passes_with_status_as_a_string()
    {
        OpenApiContract.AssertResponse("GET", OrgVersions, 404, GitHubError, Json);
    }

    [Fact]
    public void An_error_body_fails_with_status_as_a_number()
    {
        var body = GitHubError.Replace("\"status\":\"404\"", "\"status\":404", StringComparison.Ordinal);

        var failure = Fails(() => OpenApiContract.AssertResponse("GET", OrgVersions, 404, body, Json));

        Assert.Contains("/status: type:", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void A_package_missing_html_url_fails()
    {
        var body = Mutate(Example("GET", OrgPackage), p => p.AsObject().Remove("html_url"));

        var failure = Fails(() => OpenApiContract.AssertResponse("GET", OrgPackage, 200, body, Json));

        Assert.Contains("(root): required:", failure, StringComparison.Ordinal);
        Assert.Contains("html_url", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void A_package_with_an_unknown_visibility_fails()
    {
        var body = Mutate(Example("GET", OrgPackage), p => p["visibility"] = "secret");

        var failure = Fails(() => OpenApiContract.AssertResponse("GET", OrgPackage, 200, body, Json));

        Assert.Contains("/visibility: enum:", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void A_package_list_reports_the_pointer_of_the_broken_item()
    {
        var body = Mutate(Example("GET", "/orgs/{org}/packages"), list => list[1]!["id"] = "198");

        var failure = Fails(() => OpenApiContract.AssertResponse("GET", "/orgs/{org}/packages", 200, body, Json));

        Assert.Contains("/1/id: type:", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void A_null_owner_is_accepted_because_the_owner_is_a_nullable_simple_user()
    {
        var body = Mutate(Example("GET", OrgPackage), p => p["owner"] = null);

        OpenApiContract.AssertResponse("GET", OrgPackage, 200, body, Json);
    }

    [Fact]
    public void A_null_login_inside_the_owner_fails()
    {
        var body = Mutate(Example("GET", OrgPackage), p => p["owner"]!["login"] = null);

        var failure = Fails(() => OpenApiContract.AssertResponse("GET", OrgPackage, 200, body, Json));

        Assert.Contains("/owner/login: type:", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void A_nullable_field_inside_the_owner_accepts_null()
    {
        var body = Mutate(Example("GET", OrgPackage), p => p["owner"]!["gravatar_id"] = null);

        OpenApiContract.AssertResponse("GET", OrgPackage, 200, body, Json);
    }

    [Fact]
    public void A_malformed_timestamp_fails_but_a_fractional_offset_one_passes()
    {
        var broken = Mutate(Example("GET", OrgPackage), p => p["created_at"] = "yesterday");
        var fractional = Mutate(Example("GET", OrgPackage), p => p["created_at"] = "2020-05-19T22:19:11.1234567+00:00");

        var failure = Fails(() => OpenApiContract.AssertResponse("GET", OrgPackage, 200, broken, Json));

        Assert.Contains("/created_at: format:", failure, StringComparison.Ordinal);
        OpenApiContract.AssertResponse("GET", OrgPackage, 200, fractional, Json);
    }

    [Fact]
    public void Formats_other_than_date_time_are_not_asserted()
    {
        var body = Mutate(Example("GET", OrgPackage), p => p["owner"]!["avatar_url"] = "not a uri");

        OpenApiContract.AssertResponse("GET", OrgPackage, 200, body, Json);
    }

    [Fact]
    public void A_body_that_is_not_json_fails()
    {
        var failure = Fails(() => OpenApiContract.AssertResponse("GET", OrgVersions, 404, "Not Found", Json));

        Assert.Contains("not JSON", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void A_json_body_with_another_content_type_fails()
    {
        var failure = Fails(() => OpenApiContract.AssertResponse("GET", OrgVersions, 404, GitHubError, "text/plain"));

        Assert.Contains("Content-Type is 'text/plain'", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void A_declared_body_that_is_missing_fails()
    {
        var failure = Fails(() => OpenApiContract.AssertResponse("GET", OrgPackage, 200, "", Json));

        Assert.Contains("declares a JSON body", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("DELETE", OrgPackage)]
    [InlineData("POST", "/user/packages/{package_type}/{package_name}/versions/{package_version_id}/restore")]
    public void A_204_passes_without_a_body_and_fails_with_one(string method, string pathTemplate)
    {
        OpenApiContract.AssertResponse(method, pathTemplate, 204, null, null);
        OpenApiContract.AssertResponse(method, pathTemplate, 204, "", null);

        var failure = Fails(() => OpenApiContract.AssertResponse(method, pathTemplate, 204, "{}", Json));

        Assert.Contains("declares no body for 204", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void The_list_page_limit_400_is_declared_without_a_body()
    {
        OpenApiContract.AssertResponse("GET", "/orgs/{org}/packages", 400, "", null);
    }

    [Theory]
    [InlineData("GET", OrgPackage, 404, "200")]
    [InlineData("DELETE", OrgPackage, 500, "204, 401, 403, 404")]
    [InlineData("GET", "/user/packages", 401, "200, 400")]
    public void An_undeclared_status_fails_and_names_the_declared_ones(string method, string pathTemplate, int status, string declared)
    {
        var failure = Fails(() => OpenApiContract.AssertResponse(method, pathTemplate, status, GitHubError, Json));

        Assert.Contains($"status {status} is not declared; the spec declares {declared}.", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_operation_fails()
    {
        var failure = Fails(() => OpenApiContract.AssertResponse("PATCH", OrgPackage, 200, "{}", Json));

        Assert.Contains("not PATCH", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET", "/orgs/acme/packages/container/a%2Fb/versions/12", OrgVersion)]
    [InlineData("DELETE", "/api/v3/orgs/acme/packages/container/a%2Fb/versions/12", OrgVersion)]
    [InlineData("GET", "/api/v3/orgs/acme/packages?package_type=npm&page=2", "/orgs/{org}/packages")]
    [InlineData("GET", "http://127.0.0.1:5123/api/v3/users/octo/packages/npm/%40scope%2Fpkg", UserPackage)]
    [InlineData("GET", "/orgs/acme/docker/conflicts", "/orgs/{org}/docker/conflicts")]
    [InlineData("GET", "/user/packages/npm/hello/versions/", "/user/packages/{package_type}/{package_name}/versions")]
    [InlineData("POST", "/users/octo/packages/maven/com.example.app/restore?token=x", "/users/{username}/packages/{package_type}/{package_name}/restore")]
    public void MatchTemplate_maps_a_concrete_path_to_its_template(string method, string concretePath, string expected)
    {
        Assert.Equal(expected, OpenApiContract.MatchTemplate(method, concretePath));
    }

    [Theory]
    [InlineData("GET", "/orgs/acme/packages/container/a/b/versions/12")]
    [InlineData("PUT", "/orgs/acme/packages")]
    [InlineData("GET", "/repos/acme/app/packages")]
    public void MatchTemplate_fails_for_a_path_no_operation_declares(string method, string concretePath)
    {
        var failure = Fails(() => OpenApiContract.MatchTemplate(method, concretePath));

        Assert.Contains("matches", failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AssertResponseAsync_takes_the_operation_from_the_request()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "http://127.0.0.1:5123/api/v3/orgs/acme/packages/npm/%40acme%2Fapp/versions");
        using var response = new HttpResponseMessage(HttpStatusCode.NotFound)
        {
            RequestMessage = request,
            Content = new StringContent(GitHubError, Encoding.UTF8, "application/json"),
        };

        await OpenApiContract.AssertResponseAsync(response);

        response.StatusCode = HttpStatusCode.Conflict;
        await Assert.ThrowsAnyAsync<XunitException>(() => OpenApiContract.AssertResponseAsync(response));
    }

    [Fact]
    public void Example_fields_fail_when_a_package_lacks_html_url()
    {
        var body = Mutate(Example("GET", OrgPackage), p => p.AsObject().Remove("html_url"));

        var failure = Fails(() => OpenApiContract.AssertHasExampleFields("GET", OrgPackage, body));

        Assert.Contains("missing \"html_url\"", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Example_fields_cannot_waive_a_field_the_schema_requires()
    {
        var body = Mutate(Example("GET", OrgPackage), p => p.AsObject().Remove("html_url"));

        var failure = Fails(() => OpenApiContract.AssertHasExampleFields("GET", OrgPackage, body, "html_url"));

        Assert.Contains("the schema requires it", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Example_fields_pass_without_repository_when_it_may_be_absent()
    {
        // GitHub's user package example is linked to a repository; an unlinked package has none.
        var body = Mutate(Example("GET", UserPackage), p => p.AsObject().Remove("repository"));

        var failure = Fails(() => OpenApiContract.AssertHasExampleFields("GET", UserPackage, body));
        OpenApiContract.AssertHasExampleFields("GET", UserPackage, body, "repository");

        Assert.Contains("missing \"repository\"", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Example_fields_are_checked_inside_nested_objects()
    {
        var body = Mutate(Example("GET", UserPackage), p => p["repository"]!["owner"]!.AsObject().Remove("repos_url"));

        var failure = Fails(() => OpenApiContract.AssertHasExampleFields("GET", UserPackage, body));

        Assert.Contains("/repository/owner: missing \"repos_url\" (repository.owner.repos_url)", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Example_fields_of_a_list_are_the_union_over_its_items()
    {
        // GitHub's third rubygems version has no description; the union still expects it on every item.
        var body = Example("GET", UserVersions).GetRawText();

        var failure = Fails(() => OpenApiContract.AssertHasExampleFields("GET", UserVersions, body));
        OpenApiContract.AssertHasExampleFields("GET", UserVersions, body, "description");

        Assert.Contains("/2: missing \"description\"", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Example_fields_may_waive_container_metadata_for_other_package_types()
    {
        var body = Mutate(Example("GET", OrgVersion), v => v["metadata"]!.AsObject().Remove("container"));

        Fails(() => OpenApiContract.AssertHasExampleFields("GET", OrgVersion, body));
        OpenApiContract.AssertHasExampleFields("GET", OrgVersion, body, "metadata.container", "license", "description");
    }

    [Fact]
    public void Example_fields_reject_a_waiver_that_names_no_field()
    {
        var body = Example("GET", OrgPackage).GetRawText();

        var failure = Fails(() => OpenApiContract.AssertHasExampleFields("GET", OrgPackage, body, "repositry"));

        Assert.Contains("\"repositry\" names no field", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Example_fields_reject_an_empty_list()
    {
        var failure = Fails(() => OpenApiContract.AssertHasExampleFields("GET", "/orgs/{org}/packages", "[]"));

        Assert.Contains("empty array", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void The_converter_turns_nullable_into_a_null_alternative()
    {
        using var spec = JsonDocument.Parse(
            """
            {
              "type": "object",
              "properties": {
                "name": { "type": "string", "nullable": true, "example": "x", "format": "uri" },
                "owner": { "$ref": "#/components/schemas/simple-user", "nullable": true },
                "state": { "type": "string", "enum": ["open"], "nullable": true }
              }
            }
            """);

        var converted = OpenApiSchemaConverter.Convert(spec.RootElement)["properties"]!;

        Assert.Equal("""{"type":["string","null"]}""", converted["name"]!.ToJsonString());
        Assert.Equal("""{"anyOf":[{"$ref":"#/$defs/simple-user"},{"type":"null"}]}""", converted["owner"]!.ToJsonString());
        Assert.Equal("""{"type":["string","null"],"enum":["open",null]}""", converted["state"]!.ToJsonString());
    }

    private static JsonElement Example(string method, string pathTemplate) =>
        OpenApiContract.GetOperation(method, pathTemplate).FindResponse(200)!.Examples()[0];

    private static string Mutate(JsonElement example, Action<JsonNode> change)
    {
        var node = JsonNode.Parse(example.GetRawText())!;
        change(node);
        return node.ToJsonString();
    }

    private static string Fails(Action check) => Assert.ThrowsAny<XunitException>(check).Message;
}
