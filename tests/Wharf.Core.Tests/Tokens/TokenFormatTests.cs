using Wharf.Core.Tokens;
using Xunit;

namespace Wharf.Core.Tests.Tokens;

public sealed class TokenFormatTests
{
    [Fact]
    public void Generated_tokens_have_githubs_form_and_a_valid_checksum()
    {
        var token = TokenFormat.Generate();
        Assert.Matches("^ghp_[A-Za-z0-9]{36}$", token);
        Assert.True(TokenFormat.IsWellFormed(token));
        Assert.NotEqual(token, TokenFormat.Generate());
    }

    [Fact]
    public void A_typo_breaks_the_checksum()
    {
        var token = TokenFormat.Generate();
        var typo = token[..10] + (token[10] == 'a' ? 'b' : 'a') + token[11..];
        Assert.False(TokenFormat.IsWellFormed(typo));
        Assert.False(TokenFormat.IsWellFormed("ghp_short"));
        Assert.False(TokenFormat.IsWellFormed("gho_" + token[4..]));
    }

    [Fact]
    public void Only_the_hash_is_kept_and_it_is_stable()
    {
        var token = TokenFormat.Generate();
        var hash = TokenFormat.Hash(token);
        Assert.Equal(64, hash.Length);
        Assert.Equal(hash, TokenFormat.Hash(token));
        Assert.DoesNotContain(token[4..], hash, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_implies_read_but_delete_implies_nothing()
    {
        var scopes = ScopeSet.Parse("write:packages, delete:packages");
        Assert.True(scopes.Has(Scope.ReadPackages));
        Assert.True(scopes.Has(Scope.DeletePackages));
        Assert.False(ScopeSet.Parse("delete:packages").Has(Scope.ReadPackages));
        Assert.True(ScopeSet.Parse("repo").Has("public_repo"));
        Assert.Equal("write:packages, delete:packages", scopes.ToHeaderValue());
    }
}
