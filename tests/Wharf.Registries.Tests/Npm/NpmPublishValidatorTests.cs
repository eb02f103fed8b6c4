using System.Text.Json.Nodes;
using Wharf.Registries.Npm;
using Xunit;

namespace Wharf.Registries.Tests.Npm;

public sealed class NpmPublishValidatorTests
{
    private static readonly NpmPackageName Name = new("octo", "widget");

    [Fact]
    public void A_document_as_npm_sends_it_becomes_a_plan()
    {
        var plan = NpmPublishValidator.Validate(Name, Document());

        Assert.Equal("1.2.3", plan.Version);
        Assert.Equal(["latest"], plan.Tags);
        Assert.Equal(new NpmRepositoryReference("octo", "widgets"), plan.Repository);
        Assert.Equal("A widget", plan.Description);
        Assert.Equal("MIT", plan.License);
        Assert.Equal("# widget", plan.Readme);
        Assert.NotNull(plan.Integrity.Sha512);
    }

    [Theory]
    [InlineData("name", "\"@octo/other\"", "The document is for @octo/other, but was sent to @octo/widget.")]
    [InlineData("versions", "{}", "exactly one version")]
    [InlineData("versions", """{"1.0.0":{"name":"@octo/widget","version":"1.0.0"},"2.0.0":{}}""", "exactly one version")]
    [InlineData("versions", """{"1.0":{"name":"@octo/widget","version":"1.0"}}""", "Invalid version \"1.0\"")]
    [InlineData("versions", """{"1.0.0":{"name":"@octo/else","version":"1.0.0"}}""", "names @octo/else")]
    [InlineData("versions", """{"1.0.0":{"name":"@octo/widget","version":"1.0.1"}}""", "is not 1.0.0")]
    [InlineData("versions", """{"1.0.0":{"name":"@octo/widget","version":"1.0.0","dist":{}}}""", "is required")]
    [InlineData("dist-tags", """{"1.x":"1.2.3"}""", "Invalid dist-tag")]
    [InlineData("dist-tags", """{"beta":"9.9.9"}""", "points at 9.9.9")]
    public void A_document_that_breaks_a_rule_is_refused_with_the_reason(string member, string json, string reason)
    {
        var error = Assert.Throws<NpmDocumentException>(() => NpmPublishValidator.Validate(Name, Document(member, JsonNode.Parse(json))));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Upper_case_names_are_refused() =>
        Assert.Contains("lower case", Assert.Throws<NpmDocumentException>(() => NpmPublishValidator.Validate(new NpmPackageName("Octo", "widget"), Document())).Message,
            StringComparison.Ordinal);

    private static NpmPublishDocument Document(string? replace = null, JsonNode? value = null)
    {
        var members = new JsonObject
        {
            ["_id"] = "@octo/widget",
            ["name"] = "@octo/widget",
            ["dist-tags"] = new JsonObject { ["latest"] = "1.2.3" },
            ["versions"] = new JsonObject
            {
                ["1.2.3"] = new JsonObject
                {
                    ["name"] = "@octo/widget",
                    ["version"] = "1.2.3",
                    ["description"] = "A widget",
                    ["license"] = new JsonObject { ["type"] = "MIT" },
                    ["readme"] = "# widget",
                    ["repository"] = new JsonObject { ["type"] = "git", ["url"] = "git+https://github.com/octo/widgets.git" },
                    ["dist"] = new JsonObject { ["integrity"] = NpmTarball.Integrity([1, 2, 3]), ["shasum"] = NpmTarball.Shasum([1, 2, 3]) },
                },
            },
        };
        if (replace is not null)
        {
            members[replace] = value;
        }

        var document = new NpmPublishDocument();
        foreach (var (key, node) in members)
        {
            document.Add(key, node?.DeepClone());
        }

        return document;
    }
}
