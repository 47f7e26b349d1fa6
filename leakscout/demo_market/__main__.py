from leakscout.demo_market.server import main

if __name__ == "__main__":
    main()
