from newscrawler.cli import main

main()
