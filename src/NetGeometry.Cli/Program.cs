NetGeometry.Data.Downloads.Progress = new NetGeometry.Cli.DownloadLines();
return NetGeometry.Cli.CommandLine.Run(args);
