using System.Globalization;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using Payesh.Benchmarks;

// dotnet run -c Release --project bench/Payesh.Benchmarks -- engine            (BenchmarkDotNet, province + national)
// dotnet run -c Release --project bench/Payesh.Benchmarks -- load sqlite <cs> [provinces] [runs]
// dotnet run -c Release --project bench/Payesh.Benchmarks -- load postgres <cs> [provinces] [runs]
// dotnet run -c Release --project bench/Payesh.Benchmarks -- ingest sqlite|postgres <cs> <Payesh.Web.dll> [seconds]
// dotnet run -c Release --project bench/Payesh.Benchmarks -- pages sqlite|postgres <cs> <Payesh.Web.dll> <planId> [runs]
// dotnet run -c Release --project bench/Payesh.Benchmarks -- review sqlite|postgres <cs> <Payesh.Web.dll> [waiting] [runs]
// dotnet run -c Release --project bench/Payesh.Benchmarks -- tree sqlite|postgres <cs> <Payesh.Web.dll> [runs]
// dotnet run -c Release --project bench/Payesh.Benchmarks -- today sqlite|postgres <cs> <Payesh.Web.dll> [actions] [runs]
// dotnet run -c Release --project bench/Payesh.Benchmarks -- series [provinces] [runs]     (root series after a report: kept vs recomputed)
// dotnet run -c Release --project bench/Payesh.Benchmarks -- startup sqlite|postgres <cs> <Payesh.Web.dll> fresh|restart [restarts]
// bench/run.sh runs them all and prints the table for docs/benchmarks.md.
var mode = args.FirstOrDefault() ?? "engine";
switch (mode)
{
    case "engine":
        var config = DefaultConfig.Instance.AddJob(Job.ShortRun.WithId("short")).WithOptions(ConfigOptions.DisableOptimizationsValidator);
        BenchmarkRunner.Run<EngineBenchmarks>(config, args.Skip(1).ToArray());
        break;
    case "load":
        await LoadBenchmark.RunAsync(args[1], args[2], args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 31, args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 3);
        break;
    case "ingest":
        await IngestBenchmark.RunAsync(args[1], args[2], args[3], TimeSpan.FromSeconds(args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 15));
        break;
    case "tree":
        await TreeBenchmark.RunAsync(args[1], args[2], args[3], args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 50);
        break;
    case "pages":
        await PageBenchmark.RunAsync(args[1], args[2], args[3], long.Parse(args[4], CultureInfo.InvariantCulture), args.Length > 5 ? int.Parse(args[5], CultureInfo.InvariantCulture) : 20);
        break;
    case "review":
        await ReviewBenchmark.RunAsync(args[1], args[2], args[3], args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 100_000, args.Length > 5 ? int.Parse(args[5], CultureInfo.InvariantCulture) : 40);
        break;
    case "series":
        SeriesBenchmark.Run(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 31, args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 50);
        break;
    case "today":
        await TodayBenchmark.RunAsync(args[1], args[2], args[3], args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 200, args.Length > 5 ? int.Parse(args[5], CultureInfo.InvariantCulture) : 40);
        break;
    case "startup":
        await StartupBenchmark.RunAsync(args[1], args[2], args[3], args.Length > 4 ? args[4] : "fresh", args.Length > 5 ? int.Parse(args[5], CultureInfo.InvariantCulture) : 2);
        break;
    default:
        Console.Error.WriteLine("modes: engine | load | ingest | pages | review | tree | today | series | startup (see Program.cs)");
        return 2;
}
return 0;
