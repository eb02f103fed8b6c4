using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Nodes;

namespace Wharf.Registries.Npm;

/// <summary>
/// The repository a package.json names, as OWNER/REPO. The forms npm documents all count, whatever the host:
/// <c>https://HOST/OWNER/REPO(.git)</c>, <c>git+https://…</c>, <c>git://…</c>, <c>git+ssh://git@HOST/…</c>,
/// <c>git@HOST:OWNER/REPO.git</c>, <c>github:OWNER/REPO</c> and the bare <c>OWNER/REPO</c>, as a string or as
/// <c>{"type": "git", "url": "…"}</c>. The host need not be this server: a package mirrored from github.com keeps
/// its github.com URL and still links to the repository of the same name here.
/// </summary>
public sealed record NpmRepositoryReference(string Owner, string Name)
{
    public override string ToString() => $"{Owner}/{Name}";

    /// <summary>Reads the <c>repository</c> member of a manifest; false when it is absent or names no OWNER/REPO.</summary>
    public static bool TryRead(JsonNode? repository, [NotNullWhen(true)] out NpmRepositoryReference? reference)
    {
        reference = null;
        var text = repository switch
        {
            JsonValue value when value.TryGetValue<string>(out var s) => s,
            JsonObject obj when obj["url"] is JsonValue url && url.TryGetValue<string>(out var s) => s,
            _ => null,
        };
        return text is not null && TryParse(text, out reference);
    }

    public static bool TryParse(string text, [NotNullWhen(true)] out NpmRepositoryReference? reference)
    {
        reference = null;
        var value = text.Trim();
        string path;
        var scheme = value.IndexOf("://", StringComparison.Ordinal);
        if (scheme > 0)
        {
            // scheme://[user@]host[:port]/OWNER/REPO[.git][/more]
            var rest = value[(scheme + 3)..];
            var slash = rest.IndexOf('/', StringComparison.Ordinal);
            if (slash < 0)
            {
                return false;
            }

            path = rest[(slash + 1)..];
        }
        else if (value.IndexOf('@', StringComparison.Ordinal) is var at and >= 0 && value.IndexOf(':', StringComparison.Ordinal) is var colon && colon > at)
        {
            // git@host:OWNER/REPO.git (scp-like)
            path = value[(colon + 1)..];
        }
        else if (value.IndexOf(':', StringComparison.Ordinal) is var shorthand and > 0)
        {
            // github:OWNER/REPO, gitlab:OWNER/REPO, bitbucket:OWNER/REPO
            path = value[(shorthand + 1)..];
        }
        else
        {
            path = value;
        }

        var cut = path.IndexOfAny(['?', '#']);
        if (cut >= 0)
        {
            path = path[..cut];
        }

        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2)
        {
            return false;
        }

        var owner = parts[0];
        var name = parts[1].EndsWith(".git", StringComparison.OrdinalIgnoreCase) ? parts[1][..^4] : parts[1];
        if (owner.Length == 0 || name.Length == 0 || !IsPlain(owner) || !IsPlain(name))
        {
            return false;
        }

        reference = new NpmRepositoryReference(owner, name);
        return true;
    }

    private static bool IsPlain(string segment)
    {
        foreach (var c in segment)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_' or '.'))
            {
                return false;
            }
        }

        return true;
    }
}
