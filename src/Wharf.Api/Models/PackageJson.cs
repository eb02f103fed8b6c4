using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Wharf.Core.Access;
using Wharf.Core.Packages;
using Wharf.Core.Urls;

namespace Wharf.Api.Models;

/// <summary>GitHub's package object (schema <c>package</c>).</summary>
public sealed record PackageJson(
    long Id,
    string Name,
    string PackageType,
    SimpleUser Owner,
    int VersionCount,
    string Visibility,
    string Url,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    JsonObject? Repository,
    string HtmlUrl)
{
    public static PackageJson From(PackageView view, WharfUrls urls, PermissionModel model) =>
        From(view, urls, model, SimpleUser.From(view.Owner, urls), view.Repository is null ? null : RepositoryJson.Minimal(view.Owner, view.Repository, urls));

    /// <summary>A page of packages: the owner and each linked repository are built once, not once per package.</summary>
    public static IReadOnlyList<PackageJson> FromMany(IReadOnlyList<PackageView> views, WharfUrls urls, PermissionModel model)
    {
        var owners = new Dictionary<long, SimpleUser>();
        var repositories = new Dictionary<long, JsonObject>();
        var result = new List<PackageJson>(views.Count);
        foreach (var view in views)
        {
            if (!owners.TryGetValue(view.Owner.Id, out var owner))
            {
                owners[view.Owner.Id] = owner = SimpleUser.From(view.Owner, urls);
            }

            JsonObject? repository = null;
            if (view.Repository is not null && !repositories.TryGetValue(view.Repository.Id, out repository))
            {
                repositories[view.Repository.Id] = repository = RepositoryJson.Minimal(view.Owner, view.Repository, urls);
            }

            result.Add(From(view, urls, model, owner, repository));
        }

        return result;
    }

    private static PackageJson From(PackageView view, WharfUrls urls, PermissionModel model, SimpleUser owner, JsonObject? repository)
    {
        var package = view.Package;
        var repositoryScoped = model == PermissionModel.RepositoryScoped;
        var visibility = repositoryScoped && view.Repository is not null ? view.Repository.Visibility : package.Visibility;
        return new PackageJson(
            package.Id,
            package.Name,
            package.Type.ToName(),
            owner,
            view.VersionCount,
            visibility.ToString().ToLowerInvariant(),
            urls.Package(view.Owner, package),
            package.CreatedAt,
            package.UpdatedAt,
            repository,
            urls.PackageHtml(view.Owner, package, view.Repository, repositoryScoped));
    }
}

/// <summary>GitHub's package-version object.</summary>
public sealed record PackageVersionJson(
    long Id,
    string Name,
    string Url,
    string PackageHtmlUrl,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    string HtmlUrl,
    JsonObject Metadata,
    string? Description,
    string? License,
    [property: JsonPropertyName("deleted_at")] DateTime? DeletedAt)
{
    public static PackageVersionJson From(PackageView package, VersionView view, WharfUrls urls, PermissionModel model)
    {
        var version = view.Version;
        var repositoryScoped = model == PermissionModel.RepositoryScoped;
        var type = package.Package.Type;
        var metadata = new JsonObject { ["package_type"] = type.ToName() };
        if (type == PackageType.Container)
        {
            metadata["container"] = new JsonObject { ["tags"] = new JsonArray(view.Tags.Select(t => (JsonNode)t).ToArray()) };
        }
        else if (type == PackageType.Docker)
        {
            // The schema names the property "tag" but requires "tags"; both are written so either reading works.
            metadata["docker"] = new JsonObject
            {
                ["tag"] = new JsonArray(view.Tags.Select(t => (JsonNode)t).ToArray()),
                ["tags"] = new JsonArray(view.Tags.Select(t => (JsonNode)t).ToArray()),
            };
        }

        return new PackageVersionJson(
            version.Id,
            version.Name,
            urls.Version(package.Owner, package.Package, version),
            urls.PackageHtml(package.Owner, package.Package, package.Repository, repositoryScoped),
            version.CreatedAt,
            version.UpdatedAt,
            urls.VersionHtml(package.Owner, package.Package, version, package.Repository, repositoryScoped),
            metadata,
            version.Description,
            version.License,
            version.DeletedAt);
    }
}
