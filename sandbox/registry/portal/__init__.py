"""The public doctor search (`/api/stats/...`, `/api/uaddresses/...`) and the PIS bulk exports (`/api/pis/bulk/...`)."""
