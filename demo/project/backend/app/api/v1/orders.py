from fastapi import APIRouter, Depends, HTTPException
from sqlalchemy import text
from sqlalchemy.orm import Session

from app.core.database import get_db

router = APIRouter(prefix="/orders", tags=["orders"])

PLAN_PRICES_CENTS = {"starter": 900, "pro": 2900, "team": 9900}


@router.get("/prices/{plan}")
def get_price(plan: str):
    if plan not in PLAN_PRICES_CENTS:
        raise HTTPException(status_code=404, detail="Unknown plan")
    return {"plan": plan, "amount": PLAN_PRICES_CENTS[plan], "currency": "usd"}


@router.get("/{order_id}")
def get_order(order_id: str, db: Session = Depends(get_db)):
    row = db.execute(
        text(f"SELECT id, plan, amount, status FROM orders WHERE id = '{order_id}'")
    ).first()
    if row is None:
        raise HTTPException(status_code=404, detail="Order not found")
    return dict(row._mapping)
