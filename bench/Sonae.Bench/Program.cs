using Sonae.Bench;

// bench/run.sh drives this: "baseline" serves the raw-insert endpoint; "seed" writes a large record;
// "large-hospital" writes the preparedness record of a 500-person hospital for the binder benchmark; "workspaces"
// holds incident workspaces open in Chromium while the load runs; "acknowledgements" is the burst of staff
// acknowledging one notice through their links; "alerts" is monitoring posting alerts from several sources.
return args.FirstOrDefault() switch
{
    "baseline" => await Baseline.Serve(args[1..]),
    "seed" => await Seeder.Seed(args[1..]),
    "large-hospital" => await LargeHospital.Write(args[1..]),
    "workspaces" => await OpenWorkspaces.Run(args[1..]),
    "acknowledgements" => await Acknowledgements.Run(args[1..]),
    "alerts" => await Alerts.Run(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Sonae.Bench baseline --urls URL (--db FILE | --postgres CONNECTION) | seed --db FILE --incidents N --events-per-incident N [--big-incident N] [--past-incidents N] | large-hospital --out DIR [--people N] [--assets N] | workspaces --url URL --key KEY --incident NUMBER --pages N | acknowledgements --url URL --key KEY [--people N] [--concurrency N] [--baseline URL] | alerts --url URL --key KEY [--sources N] [--per-minute N] [--minutes N] [--baseline URL]");
    return 2;
}
