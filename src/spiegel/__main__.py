from spiegel.cli import main

main()
