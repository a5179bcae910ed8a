from crawler.replica.server import main

main()
