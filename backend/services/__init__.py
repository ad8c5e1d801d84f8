"""The backend's application services: one module per use case (accounts, sign_in, precheck,
declaration_requests, signing, directory). Routers parse, call one of these, and render; the services hold
the rules of the conversation with the database and the registry, and never import a router.
`container.Services` is what each of them is given: the collaborators built once per app."""
