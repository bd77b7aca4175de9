using Sonae.Data;
using Sonae.Web.Demo;

namespace Sonae.Web.Hosting;

/// <summary>A setting that cannot work, found at start so that it fails now with a message, not at 3 a.m.</summary>
public sealed class SonaeConfigurationException(string message) : Exception(message);

/// <summary>Reads Sonae's settings from the usual ASP.NET Core configuration (appsettings, environment, command line).</summary>
public static class SonaeConfiguration
{
    /// <summary>
    /// <c>Sonae:Storage</c>, with the PostgreSQL connection string also taken from <c>ConnectionStrings:Sonae</c>.
    /// The demo keeps its fictional hospital in <c>data/demo.db</c> unless a path is configured.
    /// </summary>
    public static StorageOptions Storage(IConfiguration configuration)
    {
        var section = configuration.GetSection(StorageOptions.Section);
        var storage = new StorageOptions();
        var provider = section["Provider"];
        if (!string.IsNullOrWhiteSpace(provider))
        {
            if (!Enum.TryParse<StorageProvider>(provider, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
                throw new SonaeConfigurationException($"Sonae:Storage:Provider is \"{provider}\": use Sqlite or Postgres.");
            storage.Provider = parsed;
        }
        var demo = DemoHospital.IsOn(configuration);
        storage.SqlitePath = section["SqlitePath"] is { Length: > 0 } path ? path
            : demo ? Path.Combine("data", "demo.db")
            : storage.SqlitePath;
        storage.ConnectionString = section["ConnectionString"] is { Length: > 0 } connection ? connection : configuration.GetConnectionString("Sonae");

        if (storage.Provider == StorageProvider.Postgres && string.IsNullOrWhiteSpace(storage.ConnectionString))
            throw new SonaeConfigurationException("Sonae:Storage:Provider is Postgres, but no connection string is set: set ConnectionStrings:Sonae (for example Host=db;Database=sonae;Username=sonae;Password=…).");
        if (storage.Provider == StorageProvider.Sqlite && Directory.Exists(storage.SqliteFullPath))
            throw new SonaeConfigurationException($"Sonae:Storage:SqlitePath is a folder ({storage.SqliteFullPath}): give the path of the database file.");
        return storage;
    }
}
