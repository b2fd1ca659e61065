using CredentialHub.Groth16.Prover;

return NativeProveCommand.Run(args, Console.Out, Console.Error);
