using System.Text.Json.Nodes;
using Wharf.Registries.Npm;
using Xunit;

namespace Wharf.Registries.Tests.Npm;

public sealed class NpmRepositoryReferenceTests
{
    [Theory]
    [InlineData("https://github.com/octo-org/widgets", "octo-org", "widgets")]
    [InlineData("https://wharf.example:8443/octo-org/widgets.git", "octo-org", "widgets")]
    [InlineData("git+https://github.com/octo-org/widgets.git", "octo-org", "widgets")]
    [InlineData("git://github.com/octo-org/widgets.git", "octo-org", "widgets")]
    [InlineData("git+ssh://git@github.com/octo-org/widgets.git", "octo-org", "widgets")]
    [InlineData("git@github.com:octo-org/widgets.git", "octo-org", "widgets")]
    [InlineData("github:octo-org/widgets", "octo-org", "widgets")]
    [InlineData("octo-org/widgets", "octo-org", "widgets")]
    [InlineData("https://github.com/octo-org/widgets/tree/main/packages/a", "octo-org", "widgets")]
    [InlineData("https://github.com/octo-org/widgets#readme", "octo-org", "widgets")]
    public void Reads_the_forms_npm_documents(string text, string owner, string name)
    {
        Assert.True(NpmRepositoryReference.TryRead(JsonValue.Create(text), out var reference));
        Assert.Equal(new NpmRepositoryReference(owner, name), reference);
        Assert.True(NpmRepositoryReference.TryRead(new JsonObject { ["type"] = "git", ["url"] = text }, out var fromObject));
        Assert.Equal(reference, fromObject);
    }

    [Theory]
    [InlineData("")]
    [InlineData("widgets")]
    [InlineData("https://github.com/octo-org")]
    [InlineData("https://github.com")]
    [InlineData("octo org/widgets")]
    public void Names_no_repository_when_there_is_no_owner_and_name(string text) =>
        Assert.False(NpmRepositoryReference.TryRead(JsonValue.Create(text), out _));

    [Fact]
    public void Names_no_repository_when_absent_or_not_text()
    {
        Assert.False(NpmRepositoryReference.TryRead(null, out _));
        Assert.False(NpmRepositoryReference.TryRead(JsonValue.Create(42), out _));
        Assert.False(NpmRepositoryReference.TryRead(new JsonObject { ["type"] = "git" }, out _));
    }
}
