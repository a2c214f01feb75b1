"""Commands that chain the stages: build (one deck and many), serve, live rebuild."""
