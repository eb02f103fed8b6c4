using System.Security.Cryptography;
using System.Text;
using Wharf.Core.Tokens;
using Wharf.Testing.Server;
using Xunit;

namespace Wharf.Registries.Tests.Containers;

/// <summary>One full push and pull on PostgreSQL: sessions, links, versions and tags on the second provider.</summary>
public sealed class PostgresContainerFlowTests
{
    [Fact]
    public async Task Index_push_and_pull_on_postgres_keeps_digests()
    {
        Skopeo.Require();
        await using var server = await WharfTestServer.StartAsync(DatabaseKind.Postgres);
        var owner = await server.Seed.UserAsync();
        var token = await server.Seed.TokenAsync(owner, Scope.WritePackages);
        using var layout = OciLayout.Create();
        var (index, _) = layout.AddIndex("v1");
        var image = $"{server.BaseAddress.Authority}/{owner.Login}/pg/app";

        await Skopeo.SucceedAsync("copy", "--all", "--dest-tls-verify=false", "--dest-creds", $"u:{token}", $"oci:{layout.Directory}:v1", $"docker://{image}:v1");
        var raw = await Skopeo.SucceedAsync("inspect", "--raw", "--tls-verify=false", "--creds", $"u:{token}", $"docker://{image}:v1");
        Assert.Equal(index, "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(raw))));
        using var back = OciLayout.Create();
        await Skopeo.SucceedAsync("copy", "--all", "--src-tls-verify=false", "--src-creds", $"u:{token}", $"docker://{image}:v1", $"oci:{back.Directory}:v1");
        Assert.Equal(index, back.DigestOf("v1"));
    }
}
