return NetGeometry.Cli.CommandLine.Run(args);
