using Sonae.Bench;

// bench/run.sh drives this: "baseline" serves the raw-insert endpoint; "seed" writes a large record.
return args.FirstOrDefault() switch
{
    "baseline" => await Baseline.Serve(args[1..]),
    "seed" => await Seeder.Seed(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Sonae.Bench baseline --urls URL --db FILE | seed --db FILE --incidents N --events-per-incident N [--big-incident N]");
    return 2;
}
