import logging
import re

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from app.api.v1 import orders
from app.core.config import settings

logger = logging.getLogger("app")

app = FastAPI(title="Demo Shop API", version="1.4.0", debug=settings.debug)

BOT_USER_AGENTS = re.compile(
    r"python-requests|python-urllib|httpx|aiohttp|curl|wget|go-http-client|axios|node-fetch"
    r"|okhttp|scrapy|sqlmap|nikto|nmap|bot|crawler|spider",
    re.IGNORECASE,
)


@app.middleware("http")
async def block_bots(request: Request, call_next):
    user_agent = request.headers.get("user-agent", "")
    if user_agent and BOT_USER_AGENTS.search(user_agent):
        return JSONResponse(status_code=403, content={"detail": "Forbidden"})
    return await call_next(request)


@app.middleware("http")
async def security_headers(request: Request, call_next):
    response = await call_next(request)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Strict-Transport-Security"] = "max-age=86400"
    return response


@app.exception_handler(Exception)
async def global_exception_handler(request: Request, exc: Exception):
    logger.exception("Unhandled error on %s %s", request.method, request.url.path)
    return JSONResponse(status_code=500, content={"detail": "Internal server error"})


@app.get("/api/v1/health")
def health():
    return {"status": "ok", "version": app.version}


app.include_router(orders.router, prefix="/api/v1")
