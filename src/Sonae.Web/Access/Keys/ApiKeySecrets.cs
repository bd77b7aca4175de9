using System.Security.Cryptography;
using System.Text;

namespace Sonae.Web.Access;

/// <summary>Makes API keys and hashes them; only the hash is stored.</summary>
public static class ApiKeySecrets
{
    public const string Prefix = "sonae_";

    /// <summary>A new key: "sonae_" and 32 characters of URL-safe base64 (192 random bits).</summary>
    public static string NewKey() => NewKey(Prefix);

    /// <summary>A new secret of another kind (an alert source's token): <paramref name="prefix"/> and 192 random bits.</summary>
    public static string NewKey(string prefix) => prefix + Base64Url(RandomNumberGenerator.GetBytes(24));

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>What lists show of a key: its first characters.</summary>
    public static string Display(string key) => key[..Math.Min(key.Length, Prefix.Length + 6)];

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).Replace('+', '-').Replace('/', '_').TrimEnd('=');
}
