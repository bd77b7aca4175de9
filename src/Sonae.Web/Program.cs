using Sonae.Web.Cli;
using Sonae.Web.Hosting;

// One executable: with a verb (verify, export, playbook, org) it runs that command and exits; otherwise it serves.
if (SonaeCommandLine.IsVerb(args))
    return await SonaeCommandLine.Run(args);

try
{
    await SonaeWebApp.Build(args).RunAsync();
    return 0;
}
catch (SonaeConfigurationException e)
{
    await Console.Error.WriteLineAsync("設定エラー / Configuration error: " + e.Message);
    return 2;
}

/// <summary>The entry point, named for WebApplicationFactory in the tests.</summary>
public partial class Program;
